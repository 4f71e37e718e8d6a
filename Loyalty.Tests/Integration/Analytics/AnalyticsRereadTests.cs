using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
            Assert.Equal(2, await app.WithDbAsync(db => db.FoldedFeedRows.CountAsync(r => r.Feed == RollUpAnalytics.PurchasesCursor)));
        }
        else
        {
            // Without the memory the same two purchases are folded twice: what the guard is there for.
            Assert.Contains(sales, line => line.EndsWith(": 4 100.00", StringComparison.Ordinal));
        }
    }

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
