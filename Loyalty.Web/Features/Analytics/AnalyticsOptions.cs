namespace Loyalty.Web.Features.Analytics;

/// <summary>The <c>Analytics</c> section of appsettings.json.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>How often the rollup job folds newly committed ledger entries and purchases into the rollups; 0 = off (another instance may run it).</summary>
    public int RollupPollMilliseconds { get; set; } = 2000;
}
