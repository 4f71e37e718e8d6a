using System.Security.Cryptography;

namespace Loyalty.Domain.Referrals;

/// <summary>A member's personal referral code: short, unambiguous when read aloud or typed, unique.</summary>
public sealed class ReferralCode
{
    public const int Length = 8;

    /// <summary>No 0/O, 1/I/L: nothing a person can mistake for another character.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private ReferralCode() { Code = ""; }

    public ReferralCode(long memberId, string code, DateTimeOffset createdAt)
    {
        MemberId = memberId;
        Code = Normalize(code) ?? throw new ArgumentException("Not a referral code.", nameof(code));
        CreatedAt = createdAt;
    }

    public long MemberId { get; private set; }
    public string Code { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as stored (upper case, trimmed), or null when the text cannot be a code.</summary>
    public static string? Normalize(string? text)
    {
        var code = (text ?? "").Trim().ToUpperInvariant();
        return code.Length == Length && code.All(c => Alphabet.Contains(c)) ? code : null;
    }
}
