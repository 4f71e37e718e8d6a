using System.Globalization;
using Loyalty.Domain.Offers;

namespace Loyalty.Domain.Campaigns;

/// <summary>
/// A time-boxed earning rule ("double points on coffee in Baku stores this weekend"): purchases it applies to earn
/// the extra floor(qualifying × base × tier × (Multiplier − 1)), until the budget is spent.
/// </summary>
public sealed class Campaign
{
    private const DaysOfWeek AllDays = DaysOfWeek.Weekdays | DaysOfWeek.Weekend;

    private List<int> _storeIds = [];

    private Campaign() { Name = ""; Description = ""; Targeting = Targeting.Everyone; }

    public Campaign(string name, string description, decimal multiplier, string? category, IEnumerable<int>? storeIds, DaysOfWeek days,
        DateTimeOffset startsAt, DateTimeOffset endsAt, Targeting? targeting, long? budgetPoints, int holdoutPercent = 0)
    {
        Name = "";
        Description = "";
        Targeting = Targeting.Everyone;
        Update(name, description, multiplier, category, storeIds, days, startsAt, endsAt, targeting, budgetPoints);
        ChangeHoldout(holdoutPercent);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }

    /// <summary>Above 1, at most 10: 2 = double points on what qualifies.</summary>
    public decimal Multiplier { get; private set; }

    /// <summary>Only items of this category qualify; null = the whole purchase.</summary>
    public string? Category { get; private set; }

    /// <summary>Stores where it applies; empty = all stores.</summary>
    public IReadOnlyList<int> StoreIds => _storeIds;

    public DaysOfWeek Days { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Exclusive: it runs while StartsAt ≤ now &lt; EndsAt.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    public Targeting Targeting { get; private set; }

    /// <summary>The most points it may ever issue; null = no cap.</summary>
    public long? BudgetPoints { get; private set; }

    public long IssuedPoints { get; private set; }
    public CampaignStatus Status { get; private set; }

    /// <summary>Concurrency token: two purchases on two instances cannot both spend the last of the budget.</summary>
    public long Version { get; private set; }

    /// <summary>Points it may still issue; null = no cap.</summary>
    public long? RemainingBudget => BudgetPoints is { } b ? Math.Max(0, b - IssuedPoints) : null;

    /// <summary>Staff are alerted once when the issued points reach this share of the budget.</summary>
    public const int BudgetAlertPercent = 80;

    /// <summary>When staff were alerted that the budget is nearly spent; null = not yet (or no cap).</summary>
    public DateTimeOffset? BudgetAlertedAt { get; private set; }

    /// <summary>Issued points have reached <see cref="BudgetAlertPercent"/>% of the budget.</summary>
    public bool IsNearBudget => BudgetPoints is { } b && IssuedPoints * 100 >= b * BudgetAlertPercent;

    /// <summary>Near its budget and nobody has been alerted yet.</summary>
    public bool BudgetAlertDue => IsNearBudget && BudgetAlertedAt is null;

    /// <summary>Records that staff were alerted (once per campaign; the version guards two instances alerting at once).</summary>
    public void MarkBudgetAlerted(DateTimeOffset at)
    {
        if (!BudgetAlertDue) throw new InvalidOperationException($"Campaign {Id} is not due a budget alert.");
        BudgetAlertedAt = at;
        Version++;
    }

    /// <summary>Largest holdout allowed: beyond half the targeted members, the campaign would mostly not run.</summary>
    public const int MaxHoldoutPercent = 50;

    /// <summary>
    /// Whole percent (0–<see cref="MaxHoldoutPercent"/>) of the targeted members kept out of the campaign, so its report can
    /// compare their sales with the treated members'. Fixed once the campaign has been activated.
    /// </summary>
    public int HoldoutPercent { get; private set; }

    /// <summary>
    /// Sets the holdout share. Allowed while the campaign is a draft; afterwards only the same value (the comparison of
    /// treated and held-out members would be spoiled if members moved between the groups mid-campaign).
    /// </summary>
    public void ChangeHoldout(int percent)
    {
        if (percent == HoldoutPercent) return;
        if (percent is < 0 or > MaxHoldoutPercent)
            throw Refusal("campaign.holdout", $"The holdout must be a whole percent from 0 to {MaxHoldoutPercent}, not {percent}.");
        if (Status != CampaignStatus.Draft)
            throw Refusal("campaign.holdout-fixed",
                $"This campaign has run with a {HoldoutPercent}% holdout; changing it now would spoil the comparison of treated and held-out members. Create a new campaign for another holdout.",
                RefusalKind.Conflict);
        HoldoutPercent = percent;
        Version++;
    }

    /// <summary>
    /// Whether this member is in the campaign's holdout: a fixed draw from the campaign id and member id (SplitMix64), the same
    /// on every instance and in every process, uniform over members, and independent between campaigns.
    /// </summary>
    public bool IsHeldOut(long memberId) => HoldoutPercent > 0 && HoldoutBucket(Id, memberId) < HoldoutPercent;

    /// <summary>0–99: the member's place in this campaign's draw; members below <see cref="HoldoutPercent"/> are held out.</summary>
    public static int HoldoutBucket(int campaignId, long memberId) =>
        (int)(SplitMix64(SplitMix64((ulong)(uint)campaignId) ^ (ulong)memberId) % 100);

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public void Update(string name, string description, decimal multiplier, string? category, IEnumerable<int>? storeIds, DaysOfWeek days,
        DateTimeOffset startsAt, DateTimeOffset endsAt, Targeting? targeting, long? budgetPoints)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 120) throw new DomainException("campaign.name", "A campaign needs a name of 1-120 characters.");
        description = (description ?? "").Trim();
        if (description.Length > 2000) throw new DomainException("campaign.description", "The description can be at most 2,000 characters.");
        if (multiplier is <= 1 or > 10)
            throw Refusal("campaign.multiplier", $"The multiplier must be above 1 and at most 10 (2 = double points), not {multiplier}.");
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (category is { Length: > 40 }) throw new DomainException("campaign.category", "A category is at most 40 characters.");
        if ((days & ~AllDays) != 0) throw new DomainException("campaign.days", "Choose days of the week, or none for every day.");
        if (endsAt <= startsAt) throw new DomainException("campaign.window", "The campaign must end after it starts.");
        if (budgetPoints is < 1) throw Refusal("campaign.budget", $"The budget must be at least 1 point, not {budgetPoints}; leave it empty for no cap.");
        if (budgetPoints < IssuedPoints)
            throw Refusal("campaign.budget-below-issued",
                $"This campaign has already issued {IssuedPoints} points; the budget cannot go below {IssuedPoints}.", RefusalKind.Conflict);
        (Name, Description, Multiplier, Category, Days, StartsAt, EndsAt, BudgetPoints) =
            (name, description, multiplier, category, days, startsAt, endsAt, budgetPoints);
        _storeIds = (storeIds ?? []).Distinct().ToList();
        Targeting = targeting ?? Targeting.Everyone;
        Version++;
    }

    public void Activate()
    {
        if (Status is not (CampaignStatus.Draft or CampaignStatus.Paused))
            throw DomainException.Conflict("campaign.not-activatable", $"Only a draft or paused campaign can be activated; this one is {Status.ToString().ToLowerInvariant()}.");
        Status = CampaignStatus.Active;
        Version++;
    }

    public void Pause()
    {
        if (Status != CampaignStatus.Active)
            throw DomainException.Conflict("campaign.not-active", $"Only an active campaign can be paused; this one is {Status.ToString().ToLowerInvariant()}.");
        Status = CampaignStatus.Paused;
        Version++;
    }

    /// <summary>Stops it for good; ending an ended campaign changes nothing.</summary>
    public void End()
    {
        if (Status == CampaignStatus.Ended) return;
        Status = CampaignStatus.Ended;
        Version++;
    }

    public CampaignState StateAt(DateTimeOffset now)
    {
        if (Status == CampaignStatus.Draft) return CampaignState.Draft;
        if (Status == CampaignStatus.Ended || now >= EndsAt || RemainingBudget == 0) return CampaignState.Ended;
        if (Status == CampaignStatus.Paused) return CampaignState.Paused;
        return now < StartsAt ? CampaignState.Scheduled : CampaignState.Running;
    }

    /// <summary>Running at that moment, on one of its days (UTC), at one of its stores. Targeting is the caller's check.</summary>
    public bool AppliesTo(int storeId, DateTimeOffset occurredAt) =>
        StateAt(occurredAt) == CampaignState.Running
        && AppliesOn(occurredAt.UtcDateTime.DayOfWeek)
        && (_storeIds.Count == 0 || _storeIds.Contains(storeId));

    /// <summary>One of its days (UTC), or every day when none are chosen.</summary>
    public bool AppliesOn(DayOfWeek day) => Days == DaysOfWeek.None || Days.HasFlag(DayFlag(day));

    /// <summary>Grants what the budget still allows of <paramref name="wanted"/>, and counts it as issued.</summary>
    /// <returns>The points granted: min(wanted, remaining budget).</returns>
    public long Issue(long wanted)
    {
        if (wanted < 0) throw new ArgumentOutOfRangeException(nameof(wanted), wanted, "Points to issue cannot be negative.");
        var granted = RemainingBudget is { } left ? Math.Min(wanted, left) : wanted;
        if (granted == 0) return 0;
        IssuedPoints += granted;
        Version++;
        return granted;
    }

    private static DaysOfWeek DayFlag(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => DaysOfWeek.Monday,
        DayOfWeek.Tuesday => DaysOfWeek.Tuesday,
        DayOfWeek.Wednesday => DaysOfWeek.Wednesday,
        DayOfWeek.Thursday => DaysOfWeek.Thursday,
        DayOfWeek.Friday => DaysOfWeek.Friday,
        DayOfWeek.Saturday => DaysOfWeek.Saturday,
        _ => DaysOfWeek.Sunday,
    };

    private static DomainException Refusal(string code, FormattableString message, RefusalKind kind = RefusalKind.Invalid) =>
        new(code, message.ToString(CultureInfo.InvariantCulture), kind);
}
