using System.Globalization;
using Loyalty.Web.Features.Analytics;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>CSV "campaigns-results": every campaign that ran in the range, with cost, sales touched and its lift against the holdout.</summary>
public sealed class CampaignResultsTable(GetCampaignResults query) : IAnalyticsTableSource
{
    public const string Name = "campaigns-results";

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var (start, end) = filter.Window;
        var results = await query.ForWindowAsync(start, end, ct);
        var c = CultureInfo.InvariantCulture;
        string D(double? v, string format) => v?.ToString(format, c) ?? "";
        return new AnalyticsTable($"{Name}.csv",
            ["campaign_id", "campaign", "holdout_percent", "issued_points", "cost", "sales_touched", "treated_members", "holdout_members",
                "treated_sales_per_member", "holdout_sales_per_member", "lift", "lift_low", "lift_high", "incremental_sales", "cost_per_incremental_sale", "measured_at"],
            results.Select(r => (IReadOnlyList<string>)[
                r.CampaignId.ToString(c), r.Name, r.HoldoutPercent.ToString(c), r.IssuedPoints.ToString(c), r.Cost.ToString("0.00", c),
                r.SalesTouched.ToString("0.00", c), r.Lift.Treated.Members.ToString(c), r.Lift.Holdout.Members.ToString(c),
                r.Lift.Treated.Mean.ToString("0.00", c), r.Lift.Holdout.Mean.ToString("0.00", c), D(r.Lift.Lift, "0.0000"),
                D(r.Lift.LiftInterval?.Low, "0.0000"), D(r.Lift.LiftInterval?.High, "0.0000"), r.Lift.IncrementalSales?.ToString("0.00", c) ?? "",
                r.Lift.CostPerIncrementalSale?.ToString("0.0000", c) ?? "", r.MeasuredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c)]).ToList());
    }
}
