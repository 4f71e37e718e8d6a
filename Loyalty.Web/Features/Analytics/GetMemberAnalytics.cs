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
        var joined = await JoinedPerPeriodAsync(members, filter, start, end, ct);
        var cohortJoins = await CountJoinsAsync(db.Members.AsNoTracking(), cohortMonths.Select(m => (m, Midnight(m), Midnight(m.AddMonths(1)))), ct);

        var sales = db.SalesDailyRollups.AsNoTracking().Where(r => r.Day >= filter.From && r.Day <= filter.To);
        if (filter.City is { Length: > 0 } salesCity) sales = sales.Where(r => r.City == salesCity);
        if (filter.StoreId is { } store) sales = sales.Where(r => r.StoreId == store);
        if (filter.TierId is { } salesTier) sales = sales.Where(r => r.TierId == salesTier);
        // A day's amounts (whole cents, a row per store, tier and city) are added up as floating point, which the database does
        // natively (EF Core's exact decimal sum on SQLite calls into .NET per row: most of this section's time at 100,000
        // members), and rounded back to cents: a few hundred amounts of whole cents are off by far less than half a cent.
        var salesByDay = await sales.GroupBy(r => r.Day).Select(g => new { Day = g.Key, Purchases = g.Sum(r => r.Purchases), Amount = g.Sum(r => (double)r.Amount) }).ToListAsync(ct);
        var salesByPeriod = salesByDay.Select(d => (d.Day, d.Purchases, Amount: Math.Round((decimal)d.Amount, 2, MidpointRounding.AwayFromZero)))
            .ToLookup(d => filter.PeriodStart(d.Day));

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

    /// <summary>
    /// Members who joined in each period of the range. Unfiltered weeks and months are counted by the database, one range of
    /// the join-date index per period (nothing is read into memory: reading 50,000 join dates cost more than the rest of the
    /// section). Days (up to a year of them), and members narrowed by city, tier or segment (which the database may find by
    /// another index, then once per period), are counted from the join dates read once.
    /// </summary>
    private static async Task<Dictionary<DateOnly, int>> JoinedPerPeriodAsync(IQueryable<Domain.Members.Member> members, AnalyticsFilter filter,
        DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var narrowed = filter.City is { Length: > 0 } || filter.TierId is not null || filter.SegmentId is not null;
        if (filter.Period == AnalyticsPeriod.Day || narrowed)
            return (await members.Where(m => m.JoinedAt >= start && m.JoinedAt < end).Select(m => m.JoinedAt).ToListAsync(ct))
                .CountBy(at => filter.PeriodStart(RollUpAnalytics.DayOf(at))).ToDictionary();
        var periods = AnalyticsPeriods.Of(filter)
            .Select(p => (p, Max(start, Midnight(p)), Min(end, Midnight(AnalyticsPeriods.Next(filter.Period, p)))));
        return await CountJoinsAsync(members, periods, ct);
    }

    /// <summary>Members who joined from each range's start (inclusive) to its end (exclusive), by the range's key.</summary>
    private static async Task<Dictionary<DateOnly, int>> CountJoinsAsync(IQueryable<Domain.Members.Member> members,
        IEnumerable<(DateOnly Key, DateTimeOffset From, DateTimeOffset To)> ranges, CancellationToken ct)
    {
        var counts = new Dictionary<DateOnly, int>();
        foreach (var (key, from, to) in ranges)
            counts[key] = from < to ? await members.CountAsync(m => m.JoinedAt >= from && m.JoinedAt < to, ct) : 0;
        return counts;
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <param name="joined">How many members (no filter) joined in each of <paramref name="joinMonths"/>.</param>
    private static async Task<IReadOnlyList<CohortRow>> CohortsAsync(LoyaltyDbContext db, List<DateOnly> joinMonths, Dictionary<DateOnly, int> joined,
        CancellationToken ct)
    {
        var first = joinMonths[0];
        var last = joinMonths[^1];
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
