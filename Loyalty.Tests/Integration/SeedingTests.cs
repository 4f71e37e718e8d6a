using Loyalty.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class SeedingTests
{
    [Fact]
    public async Task Seeding_twice_leaves_the_same_counts()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        _ = app.Services; // starts the app: migrate + first seed
        var first = await CountsAsync(app);

        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var second = await CountsAsync(app);

        Assert.Equal(DemoSeeder.MemberCount, first.Members);
        Assert.True(first.Purchases > 1000, $"only {first.Purchases} demo purchases");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_demo_ledger_agrees_with_the_lots_for_every_member()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var ledger = await app.WithDbAsync(db => db.LedgerEntries.GroupBy(e => e.MemberId)
            .Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).ToDictionaryAsync(x => x.Key, x => x.Sum));
        var lots = await app.WithDbAsync(db => db.PointsLots.GroupBy(l => l.MemberId)
            .Select(g => new { g.Key, Sum = g.Sum(l => l.Remaining) }).ToDictionaryAsync(x => x.Key, x => x.Sum));

        Assert.NotEmpty(ledger);
        Assert.Equal(ledger, lots);
    }

    private static Task<SeedCounts> CountsAsync(LoyaltyAppFactory app) => app.WithDbAsync(async db => new SeedCounts(
        await db.Users.CountAsync(), await db.Members.CountAsync(), await db.Tiers.CountAsync(), await db.Stores.CountAsync(),
        await db.Purchases.CountAsync(), await db.LedgerEntries.CountAsync(), await db.PointsLots.CountAsync(),
        await db.ProgramSettings.CountAsync(), await db.Roles.CountAsync()));

    private sealed record SeedCounts(int Users, int Members, int Tiers, int Stores, int Purchases, int Entries, int Lots, int Programs, int Roles);
}
