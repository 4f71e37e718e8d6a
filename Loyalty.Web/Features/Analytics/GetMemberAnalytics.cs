using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

/// <summary>Members of one period: joined in it, members at its end, and purchases made in it.</summary>
public sealed record MembersPeriod(DateOnly Start, int New, int Total, long Purchases, decimal Sales);

/// <summary>Members who bought in a calendar month (at least once, and at least twice).</summary>
public sealed record ActiveMonth(DateOnly Month, long Active, long Repeat);

/// <summary>A join month's row of the retention grid: how many joined, and the share of them buying 0, 1, 2… months later.</summary>
public sealed record CohortRow(DateOnly JoinMonth, int Joined, IReadOnlyList<double?> Retained);

/// <param name="RepeatRate">Member-months with two purchases or more over member-months with one or more, in the range's months.</param>
public sealed record MemberAnalytics(IReadOnlyList<MembersPeriod> Periods, IReadOnlyList<ActiveMonth> Months, double? RepeatRate,
    IReadOnlyList<CohortRow> Cohorts, IgnoredFilters PeriodsIgnored, IgnoredFilters MonthsIgnored);

/// <summary>
/// The members section. New and total members come from the members' join dates (an index on it; city, tier and segment
/// honoured), purchases from <see cref="Data.Records.SalesDailyRollup"/> (city, store and tier), active members, the repeat
/// rate and the retention grid from <see cref="Data.Records.CohortCell"/> (no filter: it has no dimension).
/// </summary>
public sealed class GetMemberAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <summary>The retention grid shows at most this many join months (the latest of the range) and months after joining.</summary>
    public const int CohortMonths = 12;

    public async Task<MemberAnalytics> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (start, end) = filter.Window;
        var members = db.Members.AsNoTracking();
        if (filter.City is { Length: > 0 } city) members = members.Where(m => m.HomeCity == city);
        if (filter.TierId is { } tier) members = members.Where(m => m.TierId == tier);
        if (filter.SegmentId is { } segment)
        {
            var code = db.Segments.Where(s => s.Id == segment).Select(s => s.Code);
            members = members.Where(m => db.MemberSegments.Any(ms => ms.MemberId == m.Id && code.Contains(ms.Code)));
        }
        var before = await members.CountAsync(m => m.JoinedAt < start, ct);
        var months = AnalyticsPeriods.MonthsOf(filter);
        var cohortMonths = months.TakeLast(CohortMonths).ToList();
        var (cohortStart, cohortEnd) = (MonthStart(cohortMonths[0]), MonthStart(cohortMonths[^1].AddMonths(1)));
        // Unfiltered (the default), the periods and the retention grid count the same members: their join dates are read once.
        var unfiltered = filter.City is not { Length: > 0 } && filter.TierId is null && filter.SegmentId is null;
        var shared = unfiltered ? await JoinDatesAsync(members, Min(start, cohortStart), Max(end, cohortEnd), ct) : null;
        var joined = (shared?.Where(at => at >= start && at < end).ToList() ?? await JoinDatesAsync(members, start, end, ct))
            .CountBy(at => filter.PeriodStart(RollUpAnalytics.DayOf(at))).ToDictionary();
        var cohortJoins = shared?.Where(at => at >= cohortStart && at < cohortEnd).ToList()
            ?? await JoinDatesAsync(db.Members.AsNoTracking(), cohortStart, cohortEnd, ct);

        var sales = db.SalesDailyRollups.AsNoTracking().Where(r => r.Day >= filter.From && r.Day <= filter.To);
        if (filter.City is { Length: > 0 } salesCity) sales = sales.Where(r => r.City == salesCity);
        if (filter.StoreId is { } store) sales = sales.Where(r => r.StoreId == store);
        if (filter.TierId is { } salesTier) sales = sales.Where(r => r.TierId == salesTier);
        var salesByDay = await sales.GroupBy(r => r.Day).Select(g => new { Day = g.Key, Purchases = g.Sum(r => r.Purchases), Amount = g.Sum(r => r.Amount) }).ToListAsync(ct);
        var salesByPeriod = salesByDay.ToLookup(d => filter.PeriodStart(d.Day));

        var total = before;
        var periods = new List<MembersPeriod>();
        foreach (var p in AnalyticsPeriods.Of(filter))
        {
            var n = joined.GetValueOrDefault(p);
            total += n;
            periods.Add(new MembersPeriod(p, n, total, salesByPeriod[p].Sum(s => s.Purchases), salesByPeriod[p].Sum(s => s.Amount)));
        }

        var firstMonth = months[0];
        var lastMonth = months[^1];
        var active = await db.CohortCells.AsNoTracking().Where(c => c.Month >= firstMonth && c.Month <= lastMonth)
            .GroupBy(c => c.Month).Select(g => new { Month = g.Key, Active = g.Sum(c => c.Active), Repeat = g.Sum(c => c.Repeat) }).ToListAsync(ct);
        var activeMonths = months.Select(m => active.FirstOrDefault(a => a.Month == m) is { } a ? new ActiveMonth(m, a.Active, a.Repeat) : new ActiveMonth(m, 0, 0)).ToList();
        var repeat = AnalyticsPeriods.Share(activeMonths.Sum(a => a.Repeat), activeMonths.Sum(a => a.Active));

        return new MemberAnalytics(periods, activeMonths, repeat, await CohortsAsync(db, cohortMonths, cohortJoins, ct),
            IgnoredFilters.Store.Of(filter), (IgnoredFilters.City | IgnoredFilters.Store | IgnoredFilters.Tier | IgnoredFilters.Segment).Of(filter));
    }

    private static Task<List<DateTimeOffset>> JoinDatesAsync(IQueryable<Domain.Members.Member> members, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) => members.Where(m => m.JoinedAt >= from && m.JoinedAt < to).Select(m => m.JoinedAt).ToListAsync(ct);

    private static DateTimeOffset MonthStart(DateOnly month) => new(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <param name="joinDates">The join dates of every member who joined in <paramref name="joinMonths"/> (no filter).</param>
    private static async Task<IReadOnlyList<CohortRow>> CohortsAsync(LoyaltyDbContext db, List<DateOnly> joinMonths, List<DateTimeOffset> joinDates,
        CancellationToken ct)
    {
        var first = joinMonths[0];
        var last = joinMonths[^1];
        var joined = joinDates.CountBy(RollUpAnalytics.MonthOf).ToDictionary();
        var cells = await db.CohortCells.AsNoTracking().Where(c => c.JoinMonth >= first && c.JoinMonth <= last)
            .Select(c => new { c.JoinMonth, c.Month, c.Active }).ToListAsync(ct);
        return joinMonths.Select(jm =>
        {
            var size = joined.GetValueOrDefault(jm);
            var retained = Enumerable.Range(0, CohortMonths).Select(k => jm.AddMonths(k)).TakeWhile(m => m <= last)
                .Select(m => AnalyticsPeriods.Share(cells.Where(c => c.JoinMonth == jm && c.Month == m).Sum(c => c.Active), size)).ToList();
            return new CohortRow(jm, size, retained);
        }).ToList();
    }
}
