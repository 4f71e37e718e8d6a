using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Segments;
using Loyalty.Domain.Stores;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Loyalty.Tests.Integration.Notifications.ProjectorStartTests;

namespace Loyalty.Tests.Integration;

/// <summary>The per-member sums a segment run takes from the database, against figures worked out by hand, in chunks of two members.</summary>
public sealed class SegmentAggregateTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, RecomputeSegments InChunksOfTwo) Start()
    {
        var clock = new FakeTimeProvider(Now);
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Segments:RefreshIntervalMinutes"] = "0",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });
        var recompute = new RecomputeSegments(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(),
            app.Services.GetRequiredService<JobLeases>(), clock, NullLogger<RecomputeSegments>.Instance) { ChunkSize = 2 };
        return (app, recompute);
    }

    private static Task BuyAsync(LoyaltyAppFactory app, long memberId, decimal amount, int daysAgo, decimal refunded, params PurchaseItem[] items) =>
        app.WithDbAsync(async db =>
        {
            var store = await db.Stores.FirstOrDefaultAsync() ?? db.Stores.Add(new Store("test-riga", "Test Riga", "Riga", 56.95, 24.1)).Entity;
            await db.SaveChangesAsync();
            var purchase = new Purchase($"t-{Guid.NewGuid():N}", memberId, store.Id, amount, "EUR", Now.AddDays(-daysAgo), 0, items);
            if (refunded > 0) purchase.Refund(refunded);
            db.Purchases.Add(purchase);
            return await db.SaveChangesAsync();
        });

    private static Task LedgerEntryAsync(LoyaltyAppFactory app, long memberId, LedgerEntryKind kind, LedgerSource source, DateTimeOffset at) =>
        app.Services.GetRequiredService<LedgerWriter>().ExecuteAsync(async (db, ct) =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            var account = new PointsAccount(memberId, [], member.DebtPoints);
            db.LedgerEntries.Add(account.Credit(new CreditRequest(10, kind, at, LotTerms.Immediate, source, null, LedgerReason.Verbatim("test entry"))));
            db.PointsLots.AddRange(account.NewLots);
            return await db.SaveChangesAsync(ct);
        });

    private static PurchaseItem Item(string category, decimal quantity, decimal unitPrice) => new("sku", category, quantity, unitPrice);

    [Fact]
    public async Task Spend_net_of_returns_counts_last_purchase_top_categories_and_last_activity_match_the_hand_computed_figures_across_chunks()
    {
        var (app, recompute) = Start();
        await using var _app = app;
        var ids = new List<long>();
        foreach (var name in new[] { "Ana", "Ben", "Cem", "Dan", "Eva" }) ids.Add((await MemberFactory.RegisterAsync(app, name)).Id);
        var (ana, ben, cem, dan, eva) = (ids[0], ids[1], ids[2], ids[3], ids[4]); // chunks: [ana, ben] [cem, dan] [eva]

        // Ana: 100 with 40 returned, then 30.25; a big purchase before the window counts for nothing. An earning after her last purchase.
        await BuyAsync(app, ana, 100m, 10, 40m, Item("coffee", 2, 15.50m), Item("books", 1, 69m));
        await BuyAsync(app, ana, 30.25m, 3, 0m, Item(" Coffee ", 1, 30.25m));
        await BuyAsync(app, ana, 1000m, 400, 0m, Item("toys", 1, 1000m));
        await LedgerEntryAsync(app, ana, LedgerEntryKind.Earn, LedgerSource.Activity, Now.AddDays(-1));
        // Ben: four categories and a blank one; books and toys tie for third (books first by name); a purchase returned in full.
        await BuyAsync(app, ben, 756.29m, 20, 0m, Item("groceries", 3, 2.10m), Item("electronics", 1, 199.99m), Item("books", 2, 12.50m),
            Item("toys", 1, 25m), Item("   ", 1, 500m));
        await BuyAsync(app, ben, 50m, 15, 50m, Item("groceries", 1, 50m));
        // Cem: a weighed item (1.25 kg × 8.00 = 10.00 beats 9.99 of coffee); an adjustment is not activity.
        await BuyAsync(app, cem, 19.99m, 1, 0m, Item("coffee", 3, 3.33m), Item("cheese", 1.250m, 8m));
        await LedgerEntryAsync(app, cem, LedgerEntryKind.Adjust, LedgerSource.Admin, Now);
        // Dan: nothing at all. Eva: only before the window.
        await BuyAsync(app, eva, 80m, 366, 0m, Item("books", 1, 80m));

        var summary = await recompute.HandleAsync();

        var insights = await app.WithDbAsync(db => db.MemberInsights.AsNoTracking().ToDictionaryAsync(i => i.MemberId));
        (int, decimal, DateTimeOffset?, DateTimeOffset?, string) Of(long id) => (insights[id].Purchases, insights[id].Spend,
            insights[id].LastPurchaseAt, insights[id].LastActivityAt, string.Join(",", insights[id].TopCategories));
        Assert.Equal((2, 90.25m, Now.AddDays(-3), Now.AddDays(-1), "books,Coffee"), Of(ana));
        Assert.Equal((2, 756.29m, Now.AddDays(-15), Now.AddDays(-15), "electronics,groceries,books"), Of(ben));
        Assert.Equal((1, 19.99m, Now.AddDays(-1), Now.AddDays(-1), "cheese,coffee"), Of(cem));
        Assert.Equal((0, 0m, null, null, ""), Of(dan));
        Assert.Equal((0, 0m, null, null, ""), Of(eva));
        Assert.Equal(5, summary.Members);
        Assert.All(insights.Values, i => Assert.Equal(Now, i.ComputedAt));
        // Ana: 3 days ago (3) + 2 purchases (1) + 90.25 (1) = 5: mid. Ben: 15 days (3) + 2 (1) + 756.29 (2) = 6: mid.
        Assert.Equal((ValueSegment.Mid, ValueSegment.Mid, ValueSegment.Low), (insights[ana].Value, insights[ben].Value, insights[dan].Value));
    }

    [Fact]
    public async Task A_second_run_replaces_every_chunk_with_the_same_rows_and_drops_rows_no_rule_gives_any_more()
    {
        var (app, recompute) = Start();
        await using var _app = app;
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var id = (await MemberFactory.RegisterAsync(app, $"Member {i}", i % 2 == 0 ? "Riga" : "Baku")).Id;
            if (i > 0) await BuyAsync(app, id, 40m * i, i * 25, i == 3 ? 10m : 0m, Item(i % 2 == 0 ? "coffee" : "books", i, 40m));
            ids.Add(id);
        }
        await app.Services.GetRequiredService<ManageSegments>().SaveAsync(new SegmentForm { Code = "riga", Name = "Riga", Cities = "Riga" }, "admin@test");
        var snapshot = () => app.WithDbAsync(async db => (
            Segments: string.Join(";", (await db.MemberSegments.AsNoTracking().ToListAsync()).OrderBy(s => s.MemberId).ThenBy(s => s.Code, StringComparer.Ordinal)
                .Select(s => $"{s.MemberId}:{s.Code}")),
            Insights: string.Join(";", (await db.MemberInsights.AsNoTracking().ToListAsync()).OrderBy(i => i.MemberId)
                .Select(i => $"{i.MemberId}:{i.Value}:{i.Purchases}:{i.Spend:0.00}:{i.LastPurchaseAt:O}:{i.LastActivityAt:O}:{string.Join(",", i.TopCategories)}:{i.ComputedAt:O}"))));

        await recompute.HandleAsync();
        var first = await snapshot();
        // A row from an older run that no rule gives now (a Baku member in "riga") must go at the next run.
        await app.WithDbAsync(async db =>
        {
            db.MemberSegments.Add(new MemberSegment(ids[1], "riga"));
            return await db.SaveChangesAsync();
        });
        var summary = await recompute.HandleAsync();
        var second = await snapshot();

        Assert.Equal(first, second);
        Assert.Equal(5, summary.Members);
        Assert.Equal(3, Assert.Single(summary.Segments).Size);
        Assert.Equal(5 + 3, second.Segments.Split(';').Length);
        Assert.Equal(5, second.Insights.Split(';').Length);
    }

    [Fact]
    public void Both_providers_sum_money_natively_as_floating_point_and_the_SQL_Server_text_parses()
    {
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var (from, to) = (Now.AddDays(-365), Now);

        var totals = AssertParses(CommandText(MemberAggregates.Totals(MemberAggregates.PurchasesInWindow(sqlServer, 1, 2_000, from, to)).ToQueryString()));
        var categories = AssertParses(CommandText(MemberAggregates.SpendByCategory(MemberAggregates.PurchasesInWindow(sqlServer, 1, 2_000, from, to)).ToQueryString()));
        AssertParses(CommandText(MemberAggregates.LastActivities(sqlServer, 1, 2_000, to).ToQueryString()));

        Assert.Contains("SUM(CAST([p].[Amount] AS float))", totals);
        Assert.Contains("SUM(CAST([p0].[Quantity] AS float) * CAST([p0].[UnitPrice] AS float))", categories);
        Assert.DoesNotContain("ef_", totals + categories);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        var sqliteSql = MemberAggregates.Totals(MemberAggregates.PurchasesInWindow(sqlite, 1, 2_000, from, to)).ToQueryString()
                        + MemberAggregates.SpendByCategory(MemberAggregates.PurchasesInWindow(sqlite, 1, 2_000, from, to)).ToQueryString();
        Assert.Contains("SUM(CAST(\"p\".\"Amount\" AS REAL))", sqliteSql);
        Assert.DoesNotContain("ef_sum", sqliteSql); // a call into .NET per row: what made the recompute slow
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.2 }, "0.30")]
    [InlineData(new[] { 19.99, 0.01, 1234567.89 }, "1234587.89")]
    public void A_floating_point_sum_of_whole_cents_rounds_back_to_the_exact_sum(double[] amounts, string exact)
    {
        Assert.Equal(decimal.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), MemberAggregates.Cents(amounts.Sum()));
        var many = Enumerable.Repeat(0.07, 5_000).Sum(); // 5,000 purchases of 7 cents: 350.00, off by ~1e-10 as a double
        Assert.Equal(350.00m, MemberAggregates.Cents(many));
    }
}
