namespace Loyalty.Domain.Referrals;

public enum ReferralState
{
    /// <summary>The friend joined with the code; no qualifying purchase yet.</summary>
    Joined = 1,

    /// <summary>A qualifying purchase was made and waits out its return window (computed when read, never stored).</summary>
    Purchased = 2,

    /// <summary>Both were given their bonus.</summary>
    Rewarded = 3,

    /// <summary>No qualifying purchase within the programme's days: nobody gets anything.</summary>
    Expired = 4,

    /// <summary>The friend got their bonus; the referrer had reached the yearly cap and got none.</summary>
    CapReached = 5,
}

/// <summary>A friend who joined with a member's code, and what came of it. Closed (rewarded, capped or expired) at most once.</summary>
public sealed class Referral
{
    private Referral() { Code = ""; }

    public Referral(long referrerId, long refereeId, string code, DateTimeOffset joinedAt, int expiryDays)
    {
        if (referrerId == refereeId)
            throw DomainException.Invalid("referral.self", "You cannot use your own referral code.", field: "referralCode");
        ReferrerId = referrerId;
        RefereeId = refereeId;
        Code = code;
        JoinedAt = joinedAt;
        ExpiresAt = joinedAt.AddDays(expiryDays);
        State = ReferralState.Joined;
    }

    public long Id { get; private set; }
    public long ReferrerId { get; private set; }

    /// <summary>A member is referred at most once (unique).</summary>
    public long RefereeId { get; private set; }

    public string Code { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>Without a qualifying purchase made before this, the referral expires.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public ReferralState State { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The purchase that earned the bonus.</summary>
    public long? PurchaseId { get; private set; }

    public long ReferrerPoints { get; private set; }
    public long RefereePoints { get; private set; }

    public bool IsOpen => State is ReferralState.Joined or ReferralState.Purchased;

    public void Reward(long purchaseId, long referrerPoints, long refereePoints, bool capReached, DateTimeOffset at)
    {
        EnsureOpen();
        (PurchaseId, ReferrerPoints, RefereePoints, ClosedAt) = (purchaseId, capReached ? 0 : referrerPoints, refereePoints, at);
        State = capReached ? ReferralState.CapReached : ReferralState.Rewarded;
    }

    public void Expire(DateTimeOffset at)
    {
        EnsureOpen();
        (State, ClosedAt) = (ReferralState.Expired, at);
    }

    private void EnsureOpen()
    {
        if (!IsOpen) throw DomainException.Conflict("referral.closed", $"This referral is already {State.ToString().ToLowerInvariant()}.");
    }
}

/// <summary>A purchase of the friend as the referral rule sees it.</summary>
/// <param name="Kept">The amount less what was returned.</param>
/// <param name="MaturesAt">When its points leave the pending (return) window.</param>
public sealed record ReferralPurchase(long PurchaseId, DateTimeOffset OccurredAt, decimal Kept, DateTimeOffset MaturesAt);

public enum ReferralStep { Wait, Reward, Expire }

/// <summary>
/// The one rule for what happens to an open referral: a purchase qualifies when made within the referral's days and it still
/// keeps at least the minimum after returns; the bonus is due once such a purchase has left its return window (so buying
/// and returning inside the window earns nobody anything); with no qualifying purchase by the expiry, it expires.
/// </summary>
public static class ReferralRule
{
    public static (ReferralStep Step, ReferralState Shown, ReferralPurchase? Purchase) Next(
        Referral referral, IEnumerable<ReferralPurchase> purchases, decimal minimumPurchase, DateTimeOffset now)
    {
        if (!referral.IsOpen) return (ReferralStep.Wait, referral.State, null);
        var qualifying = purchases
            .Where(p => p.OccurredAt >= referral.JoinedAt && p.OccurredAt < referral.ExpiresAt && p.Kept >= minimumPurchase && p.Kept > 0)
            .OrderBy(p => p.OccurredAt).ThenBy(p => p.PurchaseId).ToList();
        if (qualifying.FirstOrDefault(p => p.MaturesAt <= now) is { } matured) return (ReferralStep.Reward, ReferralState.Purchased, matured);
        if (qualifying.Count > 0) return (ReferralStep.Wait, ReferralState.Purchased, qualifying[0]);
        return now >= referral.ExpiresAt ? (ReferralStep.Expire, ReferralState.Joined, null) : (ReferralStep.Wait, ReferralState.Joined, null);
    }
}
