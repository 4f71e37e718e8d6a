using Loyalty.Domain.Earning;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Tiers;

namespace Loyalty.Web.Features.Programs;

/// <summary>What a purchase earns a member of the entry tier under settings being edited, and that many points' money value.</summary>
public sealed record EarnExample(decimal Amount, string Currency, string TierName, long Points, decimal Money);

/// <summary>The earning rules as the settings page edits them.</summary>
public sealed class ProgramSettingsForm
{
    public string Name { get; set; } = "";
    public string Currency { get; set; } = "";
    public long PointValuePoints { get; set; }
    public decimal PointValueMoney { get; set; }
    public decimal BasePointsPerUnit { get; set; }
    public int PendingDays { get; set; }

    /// <summary>0 means points never expire.</summary>
    public int ExpiryMonths { get; set; }

    public int TierWindowMonths { get; set; }

    /// <summary>How several campaigns on one purchase combine (EarnCalculator.CombinationRule).</summary>
    public Domain.Campaigns.CampaignStacking CampaignStacking { get; set; }

    /// <summary>How members who have not opted in are shown on public boards.</summary>
    public Domain.Members.PublicNameStyle PublicNameStyle { get; set; }

    public List<TierForm> Tiers { get; set; } = [];
    public List<CategoryForm> Categories { get; set; } = [];
    public List<EventForm> Events { get; set; } = [];

    /// <summary>
    /// The settings page's example, by the calculator every purchase goes through (so it can never disagree with what a
    /// purchase earns). Refused like a save when the values typed so far are not valid.
    /// </summary>
    public EarnExample Example(decimal amount = 45m)
    {
        var entry = Tiers.MinBy(t => t.Threshold) ?? throw Domain.DomainException.Invalid("program.tiers", "The program needs at least one tier.");
        var tier = new Tier(entry.Code, entry.Name, entry.Threshold, entry.Multiplier, []);
        var earned = EarnCalculator.ForPurchase(amount, Currency, "", BasePointsPerUnit, tier);
        var money = PointValuePoints > 0 ? ProgramSettings.MoneyValue(earned.Points, PointValuePoints, PointValueMoney) : 0m;
        return new EarnExample(amount, Currency, entry.Name, earned.Points, money);
    }
}

public sealed class TierForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public long Threshold { get; set; }
    public decimal Multiplier { get; set; }
}

public sealed class CategoryForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public decimal Multiplier { get; set; } = 1m;
}

public sealed class EventForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>Points per event; with <see cref="PerAmount"/>, points per <see cref="UnitAmount"/>.</summary>
    public long Points { get; set; }
    public int DailyCap { get; set; } = 1;

    /// <summary>Earns per amount the event carries (a stake) instead of fixed points per event.</summary>
    public bool PerAmount { get; set; }
    public decimal UnitAmount { get; set; } = 10m;
    public decimal MinimumAmount { get; set; }
    public long DailyPointsCap { get; set; } = 1_000;
}
