namespace Loyalty.Web.Features.Analytics;

/// <summary>The <c>Analytics</c> section of appsettings.json.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>How often the rollup job folds newly committed ledger entries and purchases into the rollups; 0 = off (another instance may run it).</summary>
    public int RollupPollMilliseconds { get; set; } = 2000;

    /// <summary>
    /// On SQL Server, how long a row folded into the rollups is remembered at least (at most twice that), so that the feed
    /// reading it again after an update skips it (docs/analytics.md, "Rows read twice").
    /// </summary>
    public int FoldedRowsKeptDays { get; set; } = 366;
}
