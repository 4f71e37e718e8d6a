namespace Loyalty.Web.Features.Analytics;

/// <summary>The CSV tables of the analytics page that are not a section's own query (docs/analytics.md lists them all).</summary>
public sealed class MembersTable(GetMemberAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        return new AnalyticsTable("members.csv", ["period", "new_members", "members_at_end", "purchases", "sales"],
            report.Periods.Select(p => (IReadOnlyList<string>)[AnalyticsPeriods.Text(p.Start), AnalyticsPeriods.Text(p.New), AnalyticsPeriods.Text(p.Total),
                AnalyticsPeriods.Text(p.Purchases), AnalyticsPeriods.Text(p.Sales)]).ToList());
    }
}

public sealed class CohortsTable(GetMemberAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        var width = report.Cohorts.Count == 0 ? 0 : report.Cohorts.Max(c => c.Retained.Count);
        return new AnalyticsTable("cohorts.csv", ["join_month", "joined", .. Enumerable.Range(0, width).Select(k => "month_" + k)],
            report.Cohorts.Select(c => (IReadOnlyList<string>)[AnalyticsPeriods.Text(c.JoinMonth), AnalyticsPeriods.Text(c.Joined),
                .. Enumerable.Range(0, width).Select(k => k < c.Retained.Count ? AnalyticsPeriods.Text(c.Retained[k]) : "")]).ToList());
    }
}

public sealed class ActiveMembersTable(GetMemberAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        return new AnalyticsTable("active-members.csv", ["month", "active_members", "repeat_buyers"],
            report.Months.Select(m => (IReadOnlyList<string>)[AnalyticsPeriods.Text(m.Month), AnalyticsPeriods.Text(m.Active), AnalyticsPeriods.Text(m.Repeat)]).ToList());
    }
}

public sealed class TiersTable(GetTierAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        return new AnalyticsTable("tiers.csv", ["tier", "members"],
            report.Tiers.Select(t => (IReadOnlyList<string>)[t.Tier, AnalyticsPeriods.Text(t.Members)]).ToList());
    }
}

public sealed class SegmentsTable(GetTierAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        return new AnalyticsTable("segments.csv", ["segment", "members"],
            report.Segments.Select(s => (IReadOnlyList<string>)[s.Segment, AnalyticsPeriods.Text(s.Members)]).ToList());
    }
}

public sealed class TierMovementsTable(GetTierAnalytics query) : IAnalyticsTableSource
{
    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var report = await query.HandleAsync(filter, ct);
        return new AnalyticsTable("tier-movements.csv", ["period", "tier", "moved_up_into", "moved_down_into"],
            report.Movements.Select(m => (IReadOnlyList<string>)[AnalyticsPeriods.Text(m.Start), m.Tier, AnalyticsPeriods.Text(m.Up), AnalyticsPeriods.Text(m.Down)]).ToList());
    }
}
