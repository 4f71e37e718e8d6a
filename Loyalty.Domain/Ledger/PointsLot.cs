namespace Loyalty.Domain.Ledger;

/// <summary>Points credited together: locked until <see cref="PendingUntil"/>, gone at <see cref="ExpiresAt"/>.</summary>
public sealed class PointsLot
{
    private PointsLot() { }

    internal PointsLot(long memberId, long points, DateTimeOffset earnedAt, DateTimeOffset? pendingUntil,
        DateTimeOffset? expiresAt, bool countsForTier)
    {
        Id = Guid.CreateVersion7(earnedAt);
        MemberId = memberId;
        Points = points;
        Remaining = points;
        EarnedAt = earnedAt;
        PendingUntil = pendingUntil is { } p && p > earnedAt ? p : null;
        ExpiresAt = expiresAt;
        CountsForTier = countsForTier;
    }

    public Guid Id { get; private set; }
    public long MemberId { get; private set; }

    /// <summary>What the lot was credited with; never changes.</summary>
    public long Points { get; private set; }

    /// <summary>What is left to spend or to expire.</summary>
    public long Remaining { get; private set; }

    public DateTimeOffset EarnedAt { get; private set; }
    public DateTimeOffset? PendingUntil { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? ExpiredAt { get; private set; }

    /// <summary>Points taken back by returns; they no longer count as earned.</summary>
    public long Reversed { get; private set; }

    /// <summary>What the lot still counts as earned (for lifetime and tier qualification).</summary>
    public long EarnedPoints => Points - Reversed;

    /// <summary>Earned and bonus points qualify for tiers; admin corrections do not.</summary>
    public bool CountsForTier { get; private set; }

    public bool IsPendingAt(DateTimeOffset now) => PendingUntil is { } until && now < until;

    public bool IsPastExpiryAt(DateTimeOffset now) => ExpiresAt is { } at && now >= at;

    public bool IsSpendableAt(DateTimeOffset now) =>
        Remaining > 0 && ExpiredAt is null && !IsPendingAt(now) && !IsPastExpiryAt(now);

    internal void Take(long points)
    {
        if (points <= 0 || points > Remaining)
            throw new InvalidOperationException($"Cannot take {points} from a lot with {Remaining} left.");
        Remaining -= points;
    }

    /// <summary>Points that expired and were not since offset by a return.</summary>
    public long ExpiredPoints { get; private set; }

    /// <summary>
    /// Takes back <paramref name="points"/>: first from what is left, then from what already expired (gone anyway);
    /// the rest was spent. Returns (taken from the lot, offset against expired points).
    /// </summary>
    internal (long Taken, long FromExpired) Reverse(long points)
    {
        if (points <= 0 || points > EarnedPoints)
            throw new InvalidOperationException($"Cannot reverse {points} of a lot with {EarnedPoints} earned.");
        Reversed += points;
        var taken = Math.Min(points, Remaining);
        Remaining -= taken;
        var fromExpired = Math.Min(points - taken, ExpiredPoints);
        ExpiredPoints -= fromExpired;
        return (taken, fromExpired);
    }

    internal long Expire(DateTimeOffset now)
    {
        var left = Remaining;
        Remaining = 0;
        ExpiredPoints += left;
        ExpiredAt = now;
        return left;
    }
}
