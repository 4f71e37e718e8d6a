using Loyalty.Domain.Ledger;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>An app of its own with a fake clock and the rollup job off: tests roll up by calling the use case.</summary>
public sealed class AnalyticsAppFactory() : LoyaltyAppFactory(clock: new FakeTimeProvider(Start))
{
    public static readonly DateTimeOffset Start = new(2027, 5, 3, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();
}

/// <summary>The rollups, and the same figures recomputed from the ledger and the purchases in full, in one comparable shape.</summary>
public static class AnalyticsWorld
{
    public static async Task RollUpAllAsync(LoyaltyAppFactory app, int batchSize = RollUpAnalytics.BatchSize)
    {
        var rollUp = app.Services.GetRequiredService<RollUpAnalytics>();
        while (await rollUp.HandleAsync(batchSize) > 0) { }
    }

    /// <summary>Ledger rollup rows as text "day kind source city: entries points", ignoring the tier (the member's at roll-up time, which moves).</summary>
    public static Task<List<string>> LedgerRollupAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.LedgerDailyRollups.AsNoTracking().ToListAsync()).GroupBy(r => (r.Day, r.Kind, r.Source, r.City))
            .Select(g => Line(g.Key.Day, g.Key.Kind, g.Key.Source, g.Key.City, g.Sum(r => r.Entries), g.Sum(r => r.Points))).Order().ToList());

    public static Task<List<string>> LedgerRecomputedAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.LedgerEntries.AsNoTracking().Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new { e.OccurredAt, e.Kind, e.Source, e.Points, m.HomeCity }).ToListAsync())
            .GroupBy(e => (Day: DateOnly.FromDateTime(e.OccurredAt.UtcDateTime), e.Kind, e.Source, e.HomeCity))
            .Select(g => Line(g.Key.Day, g.Key.Kind, g.Key.Source, g.Key.HomeCity, g.Count(), g.Sum(e => e.Points))).Order().ToList());

    private static string Line(DateOnly day, LedgerEntryKind kind, LedgerSource source, string city, long entries, long points) =>
        $"{day:yyyy-MM-dd} {kind} {source} {city}: {entries} {points}";

    public static Task<List<string>> SalesRollupAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.SalesDailyRollups.AsNoTracking().ToListAsync()).GroupBy(r => (r.Day, r.StoreId, r.City))
            .Select(g => $"{g.Key.Day:yyyy-MM-dd} s{g.Key.StoreId} {g.Key.City}: {g.Sum(r => r.Purchases)} {g.Sum(r => r.Amount):0.00}").Order().ToList());

    public static Task<List<string>> SalesRecomputedAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.Purchases.AsNoTracking().Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.OccurredAt, p.StoreId, p.Amount, m.HomeCity }).ToListAsync())
            .GroupBy(p => (Day: DateOnly.FromDateTime(p.OccurredAt.UtcDateTime), p.StoreId, p.HomeCity))
            .Select(g => $"{g.Key.Day:yyyy-MM-dd} s{g.Key.StoreId} {g.Key.HomeCity}: {g.Count()} {g.Sum(p => p.Amount):0.00}").Order().ToList());

    /// <summary>The rewards' daily rollup as text "day reward: redemptions points".</summary>
    public static Task<List<string>> RewardRollupAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.RewardDailyRollups.AsNoTracking().ToListAsync()).Select(r => $"{r.Day:yyyy-MM-dd} r{r.RewardId}: {r.Redemptions} {r.Points}").Order().ToList());

    /// <summary>The same from the redemptions: issued that UTC day for points (not a prize voucher) and not cancelled.</summary>
    public static Task<List<string>> RewardRecomputedAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
        (await db.Redemptions.AsNoTracking().Where(r => r.Status != Loyalty.Domain.Rewards.RedemptionStatus.Cancelled && r.Points > 0).ToListAsync())
            .GroupBy(r => (Day: DateOnly.FromDateTime(r.IssuedAt.UtcDateTime), r.RewardId))
            .Select(g => $"{g.Key.Day:yyyy-MM-dd} r{g.Key.RewardId}: {g.Count()} {g.Sum(r => r.Points)}").Order().ToList());

    /// <summary>Member-months and cohort cells as text.</summary>
    public static Task<List<string>> ActivityRollupAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
    {
        var months = (await db.MemberMonthActivities.AsNoTracking().ToListAsync()).Select(a => $"m{a.MemberId} {a.Month:yyyy-MM}: {a.Purchases}");
        var cells = (await db.CohortCells.AsNoTracking().ToListAsync()).Select(c => $"cohort {c.JoinMonth:yyyy-MM} {c.Month:yyyy-MM}: {c.Active} {c.Repeat}");
        return months.Concat(cells).Order().ToList();
    });

    public static Task<List<string>> ActivityRecomputedAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
    {
        var purchases = await db.Purchases.AsNoTracking().Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.MemberId, p.OccurredAt, m.JoinedAt }).ToListAsync();
        var perMonth = purchases.GroupBy(p => (p.MemberId, Month: RollUpAnalytics.MonthOf(p.OccurredAt), Join: RollUpAnalytics.MonthOf(p.JoinedAt)))
            .Select(g => (g.Key.MemberId, g.Key.Month, g.Key.Join, Count: g.Count())).ToList();
        var months = perMonth.Select(m => $"m{m.MemberId} {m.Month:yyyy-MM}: {m.Count}");
        var cells = perMonth.GroupBy(m => (m.Join, m.Month))
            .Select(g => $"cohort {g.Key.Join:yyyy-MM} {g.Key.Month:yyyy-MM}: {g.Count()} {g.Count(m => m.Count >= 2)}");
        return months.Concat(cells).Order().ToList();
    });
}
