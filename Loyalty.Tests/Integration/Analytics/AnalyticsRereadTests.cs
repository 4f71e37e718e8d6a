using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Privacy;
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
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // the app's and the rollup's: purchases are recorded by it
        await using var app = new LoyaltyAppFactory(clock: clock);
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock,
            Options.Create(new AnalyticsOptions { FoldedRowsKeptDays = 30 })) { RemembersFoldedRows = true };
        var first = await SettlementWorld.BuyAsync(app, number, partner, 40m, clock.GetUtcNow());
        while (await rollUp.HandleAsync() > 0) { }

        clock.Advance(TimeSpan.FromDays(30)); // the next generation: the first purchase is still remembered
        var second = await SettlementWorld.BuyAsync(app, number, partner, 10m, clock.GetUtcNow());
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.PurchasesCursor)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L)));
        while (await rollUp.HandleAsync() > 0) { }
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal([first, second], await PurchasesRememberedAsync(app));

        clock.Advance(TimeSpan.FromDays(60)); // both generations expired: the next pass deletes them
        var third = await SettlementWorld.BuyAsync(app, number, partner, 5m, clock.GetUtcNow());
        while (await rollUp.HandleAsync() > 0) { }

        Assert.Equal([third], await PurchasesRememberedAsync(app));
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
    }

    [Fact]
    public async Task A_purchase_returned_after_its_folded_row_was_deleted_is_known_as_folded_by_when_it_was_recorded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow); // the app's and the rollup's: purchases are recorded by it
        await using var app = new LoyaltyAppFactory(clock: clock);
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock,
            Options.Create(new AnalyticsOptions { FoldedRowsKeptDays = 30 })) { RemembersFoldedRows = true };
        var history = await SettlementWorld.BuyAsync(app, number, partner, 40m, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromDays(100)); // history recorded long before the first roll-up is still folded by it
        while (await rollUp.HandleAsync() > 0) { }
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal([history], await PurchasesRememberedAsync(app));

        clock.Advance(TimeSpan.FromDays(90)); // its generation expired: the next pass deletes it
        var recent = await SettlementWorld.BuyAsync(app, number, partner, 10m, clock.GetUtcNow());
        while (await rollUp.HandleAsync() > 0) { }
        Assert.Equal([recent], await PurchasesRememberedAsync(app));

        await SettlementWorld.ReturnAsync(app, history, 15m); // on SQL Server this moves the purchase past the cursor: read again
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.PurchasesCursor)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, 0L)));
        while (await rollUp.HandleAsync() > 0) { }

        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.ActivityRecomputedAsync(app), await AnalyticsWorld.ActivityRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), await AnalyticsWorld.LedgerRollupAsync(app));
    }

    [Fact]
    public async Task A_purchase_read_for_the_first_time_with_a_recorded_time_before_the_horizon_is_still_folded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(clock: clock);
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock,
            Options.Create(new AnalyticsOptions { FoldedRowsKeptDays = 30 })) { RemembersFoldedRows = true };
        await SettlementWorld.BuyAsync(app, number, partner, 40m, clock.GetUtcNow());
        while (await rollUp.HandleAsync() > 0) { } // read to its end: the horizon is set
        clock.Advance(TimeSpan.FromDays(2));

        // Held back past the horizon (a long transaction on SQL Server, a seeder's back-dated row): never folded, never returned.
        var late = await SettlementWorld.BuyAsync(app, number, partner, 25m, clock.GetUtcNow());
        var longAgo = clock.GetUtcNow().AddDays(-100); // before the kept generations too
        await app.WithDbAsync(db => db.Purchases.Where(p => p.ExternalId == late).ExecuteUpdateAsync(s => s.SetProperty(p => p.RecordedAt, longAgo)));
        while (await rollUp.HandleAsync() > 0) { }

        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
    }

    [Fact]
    public async Task A_gift_entry_redacted_by_an_erasure_after_its_folded_row_was_deleted_is_counted_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?> { ["Analytics:FoldedRowsKeptDays"] = "30" });
        var giver = await MemberFactory.RegisterAsync(app, "Gisela Ohnesorg");
        var (_, receiver) = await MemberFactory.RegisterAsync(app, city: "Ganja");
        await MemberFactory.FundAsync(app, giver.Id, 100, at: clock.GetUtcNow().AddMinutes(-1));
        var give = app.Services.GetRequiredService<GivePoints>();
        await give.HandleAsync(new GivePointsCommand(giver.Id, receiver, 10, "old-gift"));
        var rollUp = new RollUpAnalytics(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(), clock,
            app.Services.GetRequiredService<IOptions<AnalyticsOptions>>()) { RemembersFoldedRows = true }; // the erasure's kept days
        while (await rollUp.HandleAsync() > 0) { }
        clock.Advance(TimeSpan.FromDays(90)); // the gift's generation expires: the next pass deletes its rows
        var partner = await SettlementWorld.PartnerAsync(app);
        await SettlementWorld.BuyAsync(app, receiver, partner, 10m, clock.GetUtcNow());
        while (await rollUp.HandleAsync() > 0) { }
        await give.HandleAsync(new GivePointsCommand(giver.Id, receiver, 5, "new-gift")); // not folded yet when erased
        var received = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Source == LedgerSource.Gift && e.Points > 0)
            .OrderBy(e => e.OccurredAt).Select(e => e.Id).ToListAsync());
        Assert.Equal(2, received.Count);
        Task<List<Guid>> LedgerRememberedAsync() => app.WithDbAsync(async db => (await db.FoldedFeedRows
            .Where(r => r.Feed.StartsWith(RollUpAnalytics.LedgerCursor + "#")).Select(r => r.Key).ToListAsync()).ConvertAll(Guid.Parse));
        Assert.Empty((await LedgerRememberedAsync()).Intersect(received));

        await app.Services.GetRequiredService<EraseMember>().RunAsync(giver.Id, "admin@test", "Request of the member, ticket 1");
        Assert.Equal(2, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => received.Contains(e.Id) && e.Reason.Contains(Member.FormerMemberName))));
        Assert.Equal([received[0]], (await LedgerRememberedAsync()).Intersect(received)); // the one folded already, not the other
        foreach (var id in received) await MoveToTheEndOfTheFeedAsync(app, id); // what SQL Server's rowversion does on update
        while (await rollUp.HandleAsync() > 0) { }

        // The receiver's: the giver's are in the city they had when rolled up, and erased since.
        static List<string> InGanja(List<string> lines) => lines.Where(l => l.Contains(" Ganja: ", StringComparison.Ordinal)).ToList();
        var rollup = InGanja(await AnalyticsWorld.LedgerRollupAsync(app));
        Assert.Contains(rollup, l => l.Contains(" Transfer Gift ", StringComparison.Ordinal));
        Assert.Equal(InGanja(await AnalyticsWorld.LedgerRecomputedAsync(app)), rollup);
    }

    /// <summary>SQLite's rowid does not move on update: the row is put back as a new one, after every other.</summary>
    private static Task MoveToTheEndOfTheFeedAsync(LoyaltyAppFactory app, Guid ledgerEntryId) => app.WithDbAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"""CREATE TEMP TABLE "Moved" AS SELECT * FROM "LedgerEntries" WHERE "Id" = {ledgerEntryId}""");
        var moved = await db.Database.ExecuteSqlAsync($"""DELETE FROM "LedgerEntries" WHERE "Id" = {ledgerEntryId}""");
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "LedgerEntries" SELECT * FROM temp."Moved"; DROP TABLE temp."Moved";""");
        await tx.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON");
        Assert.Equal(1, moved);
        return moved;
    });

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
