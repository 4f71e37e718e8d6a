using Loyalty.Domain.Campaigns;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>A campaign as the admin dialog edits it. Dates are whole UTC days; the last day is included.</summary>
public sealed class CampaignForm
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal Multiplier { get; set; } = 2m;

    /// <summary>An earning category code; empty = the whole purchase.</summary>
    public string? Category { get; set; }

    public IReadOnlyCollection<int> StoreIds { get; set; } = [];
    public DaysOfWeek Days { get; set; }
    public DateTime? StartsOn { get; set; }
    public DateTime? EndsOn { get; set; }
    public IReadOnlyCollection<int> TierIds { get; set; } = [];
    public IReadOnlyCollection<string> SegmentCodes { get; set; } = [];
    public IReadOnlyCollection<string> Cities { get; set; } = [];
    public string? PersonalCategory { get; set; }

    /// <summary>Empty = no cap.</summary>
    public long? BudgetPoints { get; set; }

    /// <summary>Whole percent of targeted members kept out for the lift comparison; fixed once the campaign has run.</summary>
    public int HoldoutPercent { get; set; }

    /// <summary>Read only: the campaign has been activated, so its holdout is fixed.</summary>
    public bool HasRun { get; set; }
}

/// <summary>One line of the campaigns list.</summary>
public sealed record CampaignRow(int Id, string Name, CampaignStatus Status, CampaignState State, decimal Multiplier, string? Category, IReadOnlyList<string> Stores,
    DaysOfWeek Days, DateTimeOffset StartsAt, DateTimeOffset EndsAt, long? BudgetPoints, long IssuedPoints, decimal Cost, string Currency,
    int HoldoutPercent = 0, bool NearBudget = false)
{
    /// <summary>0-100, for the budget bar; null without a cap.</summary>
    public double? BudgetUsedPercent => BudgetPoints is > 0 and { } b ? Math.Min(100, IssuedPoints * 100.0 / b) : null;
}
