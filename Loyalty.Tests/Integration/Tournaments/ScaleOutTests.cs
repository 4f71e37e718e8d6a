using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Stores;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.ScaleOut;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>Two app instances on one database, scaled out over a real Redis on loopback.</summary>
public sealed class ScaleOutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    /// <summary>Runs <paramref name="test"/> with instances A and B on one SQLite file and one Redis; A migrates (and seeds) first.</summary>
    private async Task OnTwoInstancesAsync(bool demo, Func<LoyaltyAppFactory, LoyaltyAppFactory, Task> test)
    {
        var database = Path.Combine(Path.GetTempPath(), $"loyalty-scaleout-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={database}",
            [RedisScaleOut.ConfigurationKey] = redis.Configuration,
        };
        try
        {
            await using var a = new LoyaltyAppFactory(demo, settings);
            _ = a.Server;
            await using var b = new LoyaltyAppFactory(demo, settings);
            _ = b.Server;
            await test(a, b);
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                if (File.Exists(file)) File.Delete(file);
        }
    }

    [Fact]
    public Task A_score_made_on_instance_A_reaches_a_spectator_on_instance_B() => OnTwoInstancesAsync(demo: true, async (a, b) =>
    {
        Assert.IsType<RedisScoreBus>(a.Services.GetRequiredService<IScoreBus>());

        var tournament = await TournamentTestKit.CreateLiveAsync(a, "Two-city race");
        var (_, number) = await MemberFactory.RegisterAsync(a, "Cross Instance");
        await using var spectatorOnB = await TournamentTestKit.ConnectAsync(b);
        var before = await spectatorOnB.SubscribeAsync(tournament);
        Assert.Equal(0, before.Count);

        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(a), number, 12.00m);

        var diff = await spectatorOnB.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "Cross Instance"));
        Assert.Equal((1, 60L), (diff.Rows.Single(r => r.Name == "Cross Instance").Rank, diff.Rows.Single(r => r.Name == "Cross Instance").Score));
        // B's own board moved too: a member on B sees the same rank.
        var boardOnB = await b.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
        Assert.Equal(1, boardOnB!.Count);
    });

    [Fact]
    public Task A_store_closed_on_instance_A_is_seen_closed_by_instance_B_at_once_not_after_its_cache_ages() => OnTwoInstancesAsync(demo: false, async (a, b) =>
    {
        var store = await a.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = "scaled-out", Name = "Scaled Out", City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
        var termsOnB = b.Services.GetRequiredService<ProgramTermsCache>();
        await StoreOnBAsync(s => s is { IsOpen: true }, "B sees the new store open");

        await a.Services.GetRequiredService<CloseStore>().HandleAsync(store.Id, "admin@test");

        await StoreOnBAsync(s => s is { IsOpen: false }, "B sees the store closed well within the cache's 30 s");

        async Task StoreOnBAsync(Func<Loyalty.Domain.Stores.Store?, bool> seen, string what)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!seen((await termsOnB.GetAsync(TestContext.Current.CancellationToken)).StoresByCode.GetValueOrDefault("scaled-out")))
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"Not within 5 s: {what}");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    });
}
