namespace Loyalty.Web.Features.Programs;

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

    public List<TierForm> Tiers { get; set; } = [];
    public List<CategoryForm> Categories { get; set; } = [];
    public List<EventForm> Events { get; set; } = [];
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
    public long Points { get; set; }
    public int DailyCap { get; set; } = 1;
}
