using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>
/// On SQL Server an update moves a row's rowversion past the rollup cursor (a return updates its purchase, an erasure
/// redacts ledger reasons), so the feed reads the row again (docs/analytics.md). SQLite's rowid does not move, so here the
/// re-read is made by putting both cursors back.
/// </summary>
public sealed class AnalyticsRereadTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Rows_read_again_by_the_feed_are_counted_once_only_when_folded_rows_are_remembered(bool remembers)
    {
        await using var app = new LoyaltyAppFactory();
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var bought = await SettlementWorld.BuyAsync(app, number, partner, 40m, DateTimeOffset.UtcNow);
        await SettlementWorld.BuyAsync(app, number, partner, 10m, DateTimeOffset.UtcNow);
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<Loyalty.Web.Data.LoyaltyDbContext>>()) { RemembersFoldedRows = remembers };
        while (await rollUp.HandleAsync() > 0) { }

        await SettlementWorld.ReturnAsync(app, bought, 15m);
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name.StartsWith("analytics:"))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L)));
        while (await rollUp.HandleAsync() > 0) { }

        var sales = await AnalyticsWorld.SalesRollupAsync(app);
        if (remembers)
        {
            Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), sales);
            Assert.Equal(await AnalyticsWorld.ActivityRecomputedAsync(app), await AnalyticsWorld.ActivityRollupAsync(app));
            Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), await AnalyticsWorld.LedgerRollupAsync(app));
            Assert.Equal(2, await app.WithDbAsync(db => db.FoldedFeedRows.CountAsync(r => r.Feed.StartsWith(RollUpAnalytics.PurchasesCursor + "#"))));
        }
        else
        {
            // Without the memory the same two purchases are folded twice: what the guard is there for.
            Assert.Contains(sales, line => line.EndsWith(": 4 100.00", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Rows_rolled_up_before_the_memory_existed_are_remembered_when_it_starts_and_counted_once_when_read_again()
    {
        await using var app = new LoyaltyAppFactory();
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var bought = await SettlementWorld.BuyAsync(app, number, partner, 40m, DateTimeOffset.UtcNow);
        await SettlementWorld.BuyAsync(app, number, partner, 10m, DateTimeOffset.UtcNow);
        var factory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        // As the version before the memory (or the table) rolled them up.
        var before = new RollUpAnalytics(factory) { RemembersFoldedRows = false };
        while (await before.HandleAsync() > 0) { }
        var rollUp = new RollUpAnalytics(factory) { RemembersFoldedRows = true };
        await SettlementWorld.BuyAsync(app, number, partner, 5m, DateTimeOffset.UtcNow);
        while (await rollUp.HandleAsync() > 0) { }

        await SettlementWorld.ReturnAsync(app, bought, 15m);
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.LedgerCursor || c.Name == RollUpAnalytics.PurchasesCursor)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L)));
        while (await rollUp.HandleAsync() > 0) { }

        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.ActivityRecomputedAsync(app), await AnalyticsWorld.ActivityRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), await AnalyticsWorld.LedgerRollupAsync(app));
        Assert.Equal(3, await app.WithDbAsync(db => db.FoldedFeedRows.CountAsync(r => r.Feed.StartsWith(RollUpAnalytics.PurchasesCursor + "#"))));
    }

    [Fact]
    public async Task Folded_rows_are_remembered_for_the_kept_days_and_deleted_after_twice_that()
    {
        await using var app = new LoyaltyAppFactory();
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock,
            Options.Create(new AnalyticsOptions { FoldedRowsKeptDays = 30 })) { RemembersFoldedRows = true };
        var first = await SettlementWorld.BuyAsync(app, number, partner, 40m, DateTimeOffset.UtcNow);
        while (await rollUp.HandleAsync() > 0) { }

        clock.Advance(TimeSpan.FromDays(30)); // the next generation: the first purchase is still remembered
        var second = await SettlementWorld.BuyAsync(app, number, partner, 10m, DateTimeOffset.UtcNow);
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.PurchasesCursor)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L)));
        while (await rollUp.HandleAsync() > 0) { }
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal([first, second], await PurchasesRememberedAsync(app));

        clock.Advance(TimeSpan.FromDays(60)); // both generations expired: the next pass deletes them
        var third = await SettlementWorld.BuyAsync(app, number, partner, 5m, DateTimeOffset.UtcNow);
        while (await rollUp.HandleAsync() > 0) { }

        Assert.Equal([third], await PurchasesRememberedAsync(app));
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
    }

    /// <summary>The external ids of the purchases remembered as folded, in the order they were made.</summary>
    private static Task<List<string>> PurchasesRememberedAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db =>
    {
        var keys = await db.FoldedFeedRows.Where(r => r.Feed.StartsWith(RollUpAnalytics.PurchasesCursor + "#")).Select(r => r.Key).ToListAsync();
        var ids = keys.Select(long.Parse).ToList();
        var purchases = await db.Purchases.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.ExternalId).ToListAsync();
        Assert.Equal(keys.Count, purchases.Count);
        return purchases;
    });

    [Fact]
    public async Task On_SQLite_the_app_does_not_remember_folded_purchases_its_rowid_never_moves()
    {
        await using var app = new LoyaltyAppFactory();
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        await SettlementWorld.BuyAsync(app, number, partner, 12m, DateTimeOffset.UtcNow);

        await AnalyticsWorld.RollUpAllAsync(app);

        Assert.Equal(0, await app.WithDbAsync(db => db.FoldedFeedRows.CountAsync()));
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
    }
}
