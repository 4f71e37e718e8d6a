namespace Loyalty.Domain.Referrals;

/// <summary>The referral programme's rules (program settings): one row; the defaults hold until an admin saves it.</summary>
public sealed class ReferralTerms
{
    public const long MaxBonus = 1_000_000;

    private ReferralTerms() { }

    public static ReferralTerms Default() => new()
    {
        Id = 1, ReferrerBonus = 500, RefereeBonus = 250, MinimumPurchase = 10m, YearlyCap = 10, ExpiryDays = 60,
    };

    public int Id { get; private set; }

    /// <summary>Points for the member whose code was used.</summary>
    public long ReferrerBonus { get; private set; }

    /// <summary>Points for the friend who joined with it.</summary>
    public long RefereeBonus { get; private set; }

    /// <summary>The least a first purchase must keep (after returns) to qualify, in the program's money.</summary>
    public decimal MinimumPurchase { get; private set; }

    /// <summary>Referrals a referrer is rewarded for per calendar year (UTC).</summary>
    public int YearlyCap { get; private set; }

    /// <summary>Days after joining within which the friend must make a qualifying purchase.</summary>
    public int ExpiryDays { get; private set; }

    /// <summary>Paused: no new referrals are recorded and none is rewarded until it resumes.</summary>
    public bool Paused { get; private set; }

    public void Update(long referrerBonus, long refereeBonus, decimal minimumPurchase, int yearlyCap, int expiryDays)
    {
        if (referrerBonus is < 0 or > MaxBonus)
            throw DomainException.Invalid("referral.referrer-bonus", $"The referrer's bonus is 0 to {MaxBonus:N0} points.", field: "referrerBonus");
        if (refereeBonus is < 0 or > MaxBonus)
            throw DomainException.Invalid("referral.referee-bonus", $"The new member's bonus is 0 to {MaxBonus:N0} points.", field: "refereeBonus");
        if (minimumPurchase is < 0.01m or > 1_000_000m)
            throw DomainException.Invalid("referral.minimum-purchase", "The qualifying purchase must be at least 0.01 and at most 1,000,000.", field: "minimumPurchase");
        if (yearlyCap is < 0 or > 1000)
            throw DomainException.Invalid("referral.yearly-cap", "The yearly cap is 0 to 1,000 rewarded referrals per member.", field: "yearlyCap");
        if (expiryDays is < 1 or > 365)
            throw DomainException.Invalid("referral.expiry-days", "A referral expires after 1 to 365 days without a qualifying purchase.", field: "expiryDays");
        (ReferrerBonus, RefereeBonus, MinimumPurchase, YearlyCap, ExpiryDays) = (referrerBonus, refereeBonus, minimumPurchase, yearlyCap, expiryDays);
    }

    public void SetPaused(bool paused) => Paused = paused;
}
