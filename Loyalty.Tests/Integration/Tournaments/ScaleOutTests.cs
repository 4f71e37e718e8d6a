using System.Net;
using System.Net.Http.Json;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Stores;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.ScaleOut;
using Microsoft.EntityFrameworkCore;
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
    public Task A_member_opting_in_on_instance_A_is_named_at_once_to_a_spectator_on_instance_B_and_withdrawing_unnames_them() =>
        OnTwoInstancesAsync(demo: true, async (a, b) =>
        {
            var tournament = await TournamentTestKit.CreateLiveAsync(a, "Shy race");
            var (memberId, number) = await MemberFactory.RegisterAsync(a, "Shy Shirin", publicName: false);
            await using var spectatorOnB = await TournamentTestKit.ConnectAsync(b);
            await spectatorOnB.SubscribeAsync(tournament);
            await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(a), number, 12.00m);
            var pseudonym = $"Member {number[^4..]}";
            await spectatorOnB.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == pseudonym));
            var choose = a.Services.GetRequiredService<ChoosePublicName>();

            await choose.SetAsync(memberId, true, Loyalty.Domain.Members.ConsentSource.TournamentsPage, TestContext.Current.CancellationToken);
            await spectatorOnB.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "Shy Shirin"));
            await choose.SetAsync(memberId, false, Loyalty.Domain.Members.ConsentSource.TournamentsPage, TestContext.Current.CancellationToken);
            await spectatorOnB.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == pseudonym));

            var boardOnB = await b.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
            Assert.Equal(pseudonym, boardOnB!.Top(1).Single().Name);
        });

    [Fact]
    public Task A_purchase_on_instance_A_moves_the_members_open_page_on_instance_B() => OnTwoInstancesAsync(demo: true, async (a, b) =>
    {
        Assert.IsType<RedisMemberSignals>(b.Services.GetRequiredService<IMemberSignals>());
        var (memberId, number) = await MemberFactory.RegisterAsync(a, "Two Tabs");
        var (otherId, _) = await MemberFactory.RegisterAsync(a, "Someone Else");
        var onB = System.Threading.Channels.Channel.CreateUnbounded<MemberSignal>();
        var othersOnB = new List<MemberSignal>();
        var signalsOnB = b.Services.GetRequiredService<IMemberSignals>();
        using var page = signalsOnB.Subscribe(memberId, s => onB.Writer.TryWrite(s));
        using var otherPage = signalsOnB.Subscribe(otherId, s => { lock (othersOnB) othersOnB.Add(s); });

        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(a), number, 12.00m);

        // The purchase's "points earned" notice may reach B first (NotificationsChanged): wait for the ledger's own signal.
        var signal = await ReadUntilAsync(onB.Reader, s => s.Kind == MemberSignalKind.LedgerChanged)
            .WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(new MemberSignal(memberId, MemberSignalKind.LedgerChanged), signal);
        lock (othersOnB) Assert.Empty(othersOnB);
    });

    [Fact]
    public Task With_Redis_down_an_instance_serves_its_own_spectators_reports_degraded_and_scores_cross_again_once_it_is_back() =>
        OnTwoInstancesAsync(demo: true, async (a, b) =>
        {
            var tournament = await TournamentTestKit.CreateLiveAsync(a, "Storm race");
            var (_, inStorm) = await MemberFactory.RegisterAsync(a, "In Storm");
            var (_, afterStorm) = await MemberFactory.RegisterAsync(a, "After Storm");
            var tillOnA = await ApiClient.CreateAsync(a);
            await using var spectatorOnA = await TournamentTestKit.ConnectAsync(a);
            await using var spectatorOnB = await TournamentTestKit.ConnectAsync(b);
            await spectatorOnA.SubscribeAsync(tournament);
            await spectatorOnB.SubscribeAsync(tournament);
            var busOnA = a.Services.GetRequiredService<RedisScoreBus>();
            var busOnB = b.Services.GetRequiredService<RedisScoreBus>();

            await redis.StopAsync();
            try
            {
                await WithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(!busOnA.IsConnected), "A notices that Redis is gone");
                var health = await a.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode); // still ready: it serves
                var report = await health.JsonAsync();
                Assert.Equal("Degraded", report.GetProperty("status").GetString());
                Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

                // A purchase on A goes through, and A's own spectator sees it move the board.
                await TournamentTestKit.PurchaseAsync(tillOnA, inStorm, 10.00m);
                await spectatorOnA.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "In Storm"));
            }
            finally
            {
                await redis.StartAsync();
            }

            await WithinAsync(TimeSpan.FromSeconds(30), () => Task.FromResult(busOnA.IsConnected && busOnB.IsConnected), "both reconnect to Redis");
            await WithinAsync(TimeSpan.FromSeconds(10), async () =>
                (await (await a.CreateClient().GetAsync("/health/ready")).JsonAsync()).GetProperty("status").GetString() == "Healthy", "A is healthy again");
            // Subscriptions come back with the connection: a score made on A reaches B's spectator again (sent again until it
            // does, as the subscription may follow the connection by a moment).
            await WithinAsync(TimeSpan.FromSeconds(30), async () =>
            {
                await TournamentTestKit.PurchaseAsync(tillOnA, afterStorm, 1.00m);
                try
                {
                    await spectatorOnB.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "After Storm"));
                    return true;
                }
                catch (Xunit.Sdk.XunitException)
                {
                    return false;
                }
            }, "a score on A reaches B's spectator after Redis is back");
        });

    [Fact]
    public Task A_campaign_paused_on_instance_A_gives_no_points_on_A_or_B_at_once_and_resuming_on_A_reaches_B_within_a_second() =>
        OnTwoInstancesAsync(demo: true, async (a, b) =>
        {
            var campaigns = a.Services.GetRequiredService<ManageCampaigns>();
            var today = DateTime.UtcNow.Date;
            var id = await campaigns.SaveAsync(new CampaignForm { Name = "Kill switch", Multiplier = 2m, StartsOn = today.AddDays(-1), EndsOn = today.AddDays(1) }, "admin@test");
            var rulesOnB = b.Services.GetRequiredService<EarningRulesCache>();
            var (_, number) = await MemberFactory.RegisterAsync(a, "Kill Switch");
            var (tillOnA, tillOnB) = (await ApiClient.CreateAsync(a), await ApiClient.CreateAsync(b));
            Assert.Equal(0, await CampaignPointsAsync(tillOnB, number)); // B's rules are read and cached while it is a draft

            await campaigns.ActivateAsync(id, "admin@test");
            await WithinAsync(TimeSpan.FromSeconds(1), async () => (await rulesOnB.GetAsync()).CampaignIds.Contains(id), "B sees the activation");
            Assert.Equal(225, await CampaignPointsAsync(tillOnB, number)); // 45 × 5 × (2 − 1)

            await campaigns.PauseAsync(id, "admin@test");
            Assert.Equal(0, await CampaignPointsAsync(tillOnA, number));
            Assert.Equal(0, await CampaignPointsAsync(tillOnB, number));
            await WithinAsync(TimeSpan.FromSeconds(1), async () => !(await rulesOnB.GetAsync()).CampaignIds.Contains(id), "B drops the paused campaign");

            await campaigns.ResumeAsync(id, "admin@test");
            await WithinAsync(TimeSpan.FromSeconds(1), async () => (await rulesOnB.GetAsync()).CampaignIds.Contains(id), "B sees the resume, not after its 30 s cache");
            Assert.Equal(225, await CampaignPointsAsync(tillOnB, number));
            Assert.Equal(225, await CampaignPointsAsync(tillOnA, number));

            async Task<long> CampaignPointsAsync(HttpClient till, string member)
            {
                var purchase = $"pos-{Guid.NewGuid():N}";
                var response = await till.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(member, 45.00m, purchase), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return await a.WithDbAsync(db => db.CampaignIssues.Where(i => i.PurchaseExternalId == purchase && i.CampaignId == id).SumAsync(i => i.Points));
            }
        });

    private static async Task WithinAsync(TimeSpan limit, Func<Task<bool>> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < limit, $"Not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

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

    private static async Task<MemberSignal> ReadUntilAsync(System.Threading.Channels.ChannelReader<MemberSignal> reader, Func<MemberSignal, bool> wanted)
    {
        while (true)
        {
            var signal = await reader.ReadAsync(TestContext.Current.CancellationToken);
            if (wanted(signal)) return signal;
        }
    }
}
