using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

/// <summary>Points of one period (all positive): issued (earn, bonus), redeemed, expired, returned (reversed by returns), refunded (cancelled redemptions), adjusted (net).</summary>
public sealed record PointsPeriod(DateOnly Start, long Issued, long Redeemed, long Expired, long Returned, long Refunded, long Adjusted,
    long OutstandingAtEnd, decimal LiabilityAtEnd);

/// <summary>The points section: per period, and over the whole range the breakage (expired / issued) and redemption rate (redeemed / issued).</summary>
public sealed record PointsAnalytics(string Currency, IReadOnlyList<PointsPeriod> Periods, double? Breakage, double? RedemptionRate, IgnoredFilters Ignored);

/// <summary>Reads only <see cref="Data.Records.LedgerDailyRollup"/> (city and tier honoured; stores and segments are not dimensions of it).</summary>
public sealed class GetPointsAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory) : IAnalyticsTableSource
{
    public const IgnoredFilters Cannot = IgnoredFilters.Store | IgnoredFilters.Segment;

    public async Task<PointsAnalytics> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var program = await db.ProgramSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        var rollups = db.LedgerDailyRollups.AsNoTracking();
        if (filter.City is { Length: > 0 } city) rollups = rollups.Where(r => r.City == city);
        if (filter.TierId is { } tier) rollups = rollups.Where(r => r.TierId == tier);
        var before = await rollups.Where(r => r.Day < filter.From).SumAsync(r => (long?)r.Points, ct) ?? 0;
        var days = await rollups.Where(r => r.Day >= filter.From && r.Day <= filter.To)
            .GroupBy(r => new { r.Day, r.Kind }).Select(g => new { g.Key.Day, g.Key.Kind, Points = g.Sum(r => r.Points) }).ToListAsync(ct);
        var byPeriod = days.ToLookup(d => filter.PeriodStart(d.Day));
        var outstanding = before;
        var periods = new List<PointsPeriod>();
        foreach (var start in AnalyticsPeriods.Of(filter))
        {
            var rows = byPeriod[start].ToList();
            long Sum(params LedgerEntryKind[] kinds) => rows.Where(r => kinds.Contains(r.Kind)).Sum(r => r.Points);
            outstanding += rows.Sum(r => r.Points);
            periods.Add(new PointsPeriod(start, Sum(LedgerEntryKind.Earn, LedgerEntryKind.Bonus), -Sum(LedgerEntryKind.Redeem), -Sum(LedgerEntryKind.Expire),
                -Sum(LedgerEntryKind.Reverse), Sum(LedgerEntryKind.Refund), Sum(LedgerEntryKind.Adjust, LedgerEntryKind.Transfer), outstanding,
                program?.MoneyValue(outstanding) ?? 0));
        }
        var issued = periods.Sum(p => p.Issued);
        return new PointsAnalytics(program?.Currency ?? "", periods, AnalyticsPeriods.Share(periods.Sum(p => p.Expired), issued),
            AnalyticsPeriods.Share(periods.Sum(p => p.Redeemed), issued), Cannot.Of(filter));
    }

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var points = await HandleAsync(filter, ct);
        return new AnalyticsTable("points.csv",
            ["period", "issued", "redeemed", "expired", "returned", "refunded", "adjusted", "outstanding_points", "liability_" + points.Currency.ToLowerInvariant()],
            points.Periods.Select(p => (IReadOnlyList<string>)[AnalyticsPeriods.Text(p.Start), AnalyticsPeriods.Text(p.Issued), AnalyticsPeriods.Text(p.Redeemed),
                AnalyticsPeriods.Text(p.Expired), AnalyticsPeriods.Text(p.Returned), AnalyticsPeriods.Text(p.Refunded), AnalyticsPeriods.Text(p.Adjusted),
                AnalyticsPeriods.Text(p.OutstandingAtEnd), AnalyticsPeriods.Text(p.LiabilityAtEnd)]).ToList());
    }
}
