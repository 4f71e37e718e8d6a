using System.Security.Cryptography;

namespace Loyalty.Domain.Rewards;

public enum RedemptionStatus
{
    Issued = 1,
    Used = 2,
    Cancelled = 3,
}

/// <summary>A reward a member redeemed: the points paid and the voucher code to show at the till.</summary>
public sealed class Redemption
{
    private Redemption() { VoucherCode = ""; IdempotencyKey = ""; RewardName = ""; }

    public Redemption(int rewardId, string rewardName, long memberId, long points, string idempotencyKey, DateTimeOffset issuedAt)
    {
        Id = Guid.CreateVersion7(issuedAt);
        RewardId = rewardId;
        RewardName = rewardName;
        MemberId = memberId;
        Points = points;
        IdempotencyKey = idempotencyKey;
        VoucherCode = VoucherCodes.New();
        Status = RedemptionStatus.Issued;
        IssuedAt = issuedAt;
    }

    public Guid Id { get; private set; }
    public int RewardId { get; private set; }
    public string RewardName { get; private set; }
    public long MemberId { get; private set; }
    public long Points { get; private set; }
    public string VoucherCode { get; private set; }
    public string IdempotencyKey { get; private set; }
    public RedemptionStatus Status { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>Which lots paid for it: a cancellation gives the points back with the expiry they had.</summary>
    public IReadOnlyList<Ledger.SpentShare> Spent => _spent ?? [];

    private List<Ledger.SpentShare>? _spent = []; // null when read from a row made before the shares were kept

    public void RecordSpent(IEnumerable<Ledger.SpentShare> shares)
    {
        if (Spent.Count > 0) throw new InvalidOperationException("What paid for this redemption is already recorded.");
        (_spent ??= []).AddRange(shares);
    }

    /// <summary>Why the voucher cannot be used now (already used, or cancelled), or null when it can.</summary>
    public DomainException? RefusalToUse() => Status switch
    {
        RedemptionStatus.Used => DomainException.Conflict("voucher.used", $"Voucher {VoucherCode} was already used on {UsedAt:yyyy-MM-dd HH:mm} UTC."),
        RedemptionStatus.Cancelled => DomainException.Conflict("voucher.cancelled", $"Voucher {VoucherCode} was cancelled."),
        _ => null,
    };

    public void MarkUsed(DateTimeOffset at)
    {
        if (RefusalToUse() is { } refused) throw refused;
        Status = RedemptionStatus.Used;
        UsedAt = at;
    }

    /// <summary>Returns false when it was already cancelled (nothing to do); a used voucher cannot be cancelled.</summary>
    public bool Cancel(DateTimeOffset at)
    {
        if (Status == RedemptionStatus.Cancelled) return false;
        if (Status == RedemptionStatus.Used) throw DomainException.Conflict("voucher.used", $"Voucher {VoucherCode} was already used; it cannot be cancelled.");
        Status = RedemptionStatus.Cancelled;
        CancelledAt = at;
        return true;
    }
}

/// <summary>Voucher codes: 60 random bits in an unambiguous alphabet, e.g. "K7QX-3MZD-W9TP"; nothing in them comes from ids.</summary>
public static class VoucherCodes
{

    private static readonly char[] Chars = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".ToCharArray(); // Crockford base32: no I, L, O, U

    public static string New()
    {
        Span<char> code = stackalloc char[14];
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        for (int i = 0, c = 0; i < 12; i++)
        {
            if (i is 4 or 8) code[c++] = '-';
            code[c++] = Chars[bytes[i] & 31];
        }
        return new string(code);
    }

    public static string Normalize(string code) => (code ?? "").Trim().ToUpperInvariant();
}
