using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.ScaleOut;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>Two app instances on one database, scaled out over a real Redis on loopback.</summary>
public sealed class ScaleOutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_score_made_on_instance_A_reaches_a_spectator_on_instance_B()
    {
        var database = Path.Combine(Path.GetTempPath(), $"loyalty-scaleout-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={database}",
            [RedisScaleOut.ConfigurationKey] = redis.Configuration,
        };
        try
        {
            await using var a = new LoyaltyAppFactory(demo: true, settings);
            _ = a.Server; // A migrates and seeds first
            await using var b = new LoyaltyAppFactory(demo: true, settings);
            _ = b.Server;
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
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                if (File.Exists(file)) File.Delete(file);
        }
    }
}
