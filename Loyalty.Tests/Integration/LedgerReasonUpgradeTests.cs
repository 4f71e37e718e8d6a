using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>The start-up step codes the English reasons of an upgraded database, once, and leaves what no template wrote.</summary>
public sealed class LedgerReasonUpgradeTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static readonly string[] Legacy =
    [
        "Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts",
        "Gift from Giver Gina",
        "Prize: rank 1 in tournament 'Spring Cup', 500 pts",
        "Adjustment by admin@test: Goodwill",
    ];

    private const string Unreadable = "Hand-written correction from 2019";

    [Fact]
    public async Task Legacy_reasons_are_coded_in_batches_once_and_unreadable_text_stays()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app, "Upgrade Uma");
        var ids = await SeedAsync(memberId, Legacy.Append(Unreadable).Concat(Enumerable.Range(1, LedgerReasonUpgrade.Batch + 10).Select(i => $"Gift from Friend {i}")));

        var first = await app.WithDbAsync(db => LedgerReasonUpgrade.UpgradeAsync(db));
        var afterFirst = await ReasonsAsync(ids);
        var second = await app.WithDbAsync(db => LedgerReasonUpgrade.UpgradeAsync(db));
        var afterSecond = await ReasonsAsync(ids);

        Assert.True(first.Converted >= Legacy.Length + LedgerReasonUpgrade.Batch + 10, $"{first.Converted} converted");
        Assert.Equal(0, second.Converted);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(Unreadable, afterFirst[ids[Legacy.Length]]);
        for (var i = 0; i < Legacy.Length; i++)
        {
            Assert.True(LedgerReason.IsCoded(afterFirst[ids[i]]), afterFirst[ids[i]]);
            Assert.Equal(Legacy[i], ReasonWords.English(afterFirst[ids[i]]));
        }
        Assert.Equal("هدیه از Friend 2010", ReasonWords.In("fa", afterFirst[ids[^1]]));
        Assert.Equal("جایزه: رتبهٔ 1 در مسابقهٔ «Spring Cup»، 500 امتیاز", ReasonWords.In("fa", afterFirst[ids[2]]));
    }

    [Fact]
    public async Task The_start_up_run_marks_the_database_done()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app, "Marker Mo");
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == LedgerReasonUpgrade.DoneMarker).ExecuteDeleteAsync());
        var ids = await SeedAsync(memberId, ["Gift from Marker Friend"]);

        var run = await app.WithDbAsync(db => LedgerReasonUpgrade.RunAsync(db));
        var again = await app.WithDbAsync(db => LedgerReasonUpgrade.RunAsync(db));

        Assert.NotNull(run);
        Assert.True(run.Converted >= 1);
        Assert.Null(again);
        Assert.True(LedgerReason.IsCoded((await ReasonsAsync(ids))[ids[0]]));
    }

    private async Task<Guid[]> SeedAsync(long memberId, IEnumerable<string> reasons)
    {
        var account = new PointsAccount(memberId, []);
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var entries = reasons.Select((r, i) => account.Credit(new CreditRequest(1 + i, LedgerEntryKind.Bonus, at.AddSeconds(i), new LotTerms(0, 12),
            LedgerSource.Admin, $"legacy-{memberId}-{i}", LedgerReason.Verbatim(r)))).ToList();
        Assert.All(entries, e => Assert.False(LedgerReason.IsCoded(e.Reason)));
        await app.WithDbAsync(async db =>
        {
            db.PointsLots.AddRange(account.NewLots);
            db.LedgerEntries.AddRange(entries);
            return await db.SaveChangesAsync();
        });
        return entries.Select(e => e.Id).ToArray();
    }

    private Task<Dictionary<Guid, string>> ReasonsAsync(Guid[] ids) =>
        app.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Reason));
}

/// <summary>The upgrade's keyset query is plain SQL on SQL Server too (no server needed to make the text).</summary>
public sealed class LedgerReasonUpgradeSqlTests
{
    [Fact]
    public void The_SqlServer_batch_query_compares_ids_in_the_database_and_parses_as_TSql()
    {
        using var db = new Loyalty.Web.Data.SqlServerDesignTimeFactory().CreateDbContext([]);

        var sql = Notifications.ProjectorStartTests.AssertParses(Notifications.ProjectorStartTests.CommandText(
            LedgerReasonUpgrade.LegacyBatch(db, Guid.CreateVersion7()).ToQueryString()));

        Assert.Contains("[l].[Id] > @", sql);
        Assert.Contains("LIKE N'{\"c\":%'", sql);
        Assert.Contains("ORDER BY [l].[Id]", sql);
    }
}
