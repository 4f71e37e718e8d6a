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

    internal long Expire(DateTimeOffset now)
    {
        var left = Remaining;
        Remaining = 0;
        ExpiredAt = now;
        return left;
    }
}
