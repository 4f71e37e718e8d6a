using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Integration.Tournaments;

public sealed class LeaderboardHubTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task A_subscribed_spectator_receives_a_diff_after_a_purchase_and_a_late_one_gets_a_snapshot()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "Speedy Rita");
        var api = await ApiClient.CreateAsync(app);
        await using var early = await TournamentTestKit.ConnectAsync(app);
        var first = await early.SubscribeAsync(tournament);
        Assert.Equal("live", first.State);
        Assert.Equal(0, first.Count);

        await TournamentTestKit.PurchaseAsync(api, number, 20.00m);

        var diff = await early.NextDiffAsync(d => d.TournamentId == tournament && d.Rows.Any(r => r.Name == "Speedy Rita"));
        var row = diff.Rows.Single(r => r.Name == "Speedy Rita");
        Assert.Equal(1, row.Rank);
        Assert.Equal(100, row.Score); // 20 EUR × 5 pts, the entry tier's rate
        Assert.Equal(1, diff.Count);

        await using var late = await TournamentTestKit.ConnectAsync(app);
        var snapshot = await late.SubscribeAsync(tournament);
        Assert.Equal(1, snapshot.Count);
        Assert.Equal(("Speedy Rita", 1, 100L), (snapshot.Rows[0].Name, snapshot.Rows[0].Rank, snapshot.Rows[0].Score));
    }

    [Fact]
    public async Task Diffs_carry_rank_moves_and_a_return_takes_its_share_of_the_score_back()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, slow) = await MemberFactory.RegisterAsync(app, "Slow Start");
        var (_, fast) = await MemberFactory.RegisterAsync(app, "Fast Finish");
        var api = await ApiClient.CreateAsync(app);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(api, slow, 10.00m);
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Slow Start" && r.Rank == 1));

        var externalId = $"pos-{Guid.NewGuid():N}";
        var bought = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(fast, 30.00m, externalId));
        Assert.True(bought.IsSuccessStatusCode);
        var moved = await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Fast Finish" && r.Rank == 1));
        var passed = moved.Rows.Single(r => r.Name == "Slow Start");
        Assert.Equal((2, 1), (passed.Rank, passed.PreviousRank));

        // Half of the 30 EUR comes back: half of its 150 points leave the score (75, still ahead of 50).
        var returned = await api.PostAsJsonAsync($"/api/v1/transactions/{externalId}/returns",
            new { returnId = "r-1", amount = 15.00m, occurredAt = DateTimeOffset.UtcNow });
        Assert.True(returned.IsSuccessStatusCode, await returned.Content.ReadAsStringAsync());
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Fast Finish" && r.Score == 75 && r.Rank == 1));
        var board = await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
        Assert.Equal(["Fast Finish", "Slow Start"], board!.Top(10).Select(r => r.Name));
        Assert.Equal([75L, 50L], board.Top(10).Select(r => r.Score));
    }

    [Fact]
    public async Task A_second_purchase_by_someone_already_on_the_board_moves_their_score_on_it()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "Twice Tomas");
        var api = await ApiClient.CreateAsync(app);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        await TournamentTestKit.PurchaseAsync(api, number, 10.00m);
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Twice Tomas" && r.Score == 50));

        await TournamentTestKit.PurchaseAsync(api, number, 20.00m); // the entry exists now: an update, not an insert
        await spectator.NextDiffAsync(d => d.Rows.Any(r => r.Name == "Twice Tomas" && r.Score == 150));
        var board = await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
        Assert.Equal(150, board!.Top(10).Single(r => r.Name == "Twice Tomas").Score);
        Assert.Equal(150, await app.WithDbAsync(db => db.TournamentEntries.Where(e => e.TournamentId == tournament).Select(e => e.Score).SingleAsync()));
    }

    [Fact]
    public async Task A_tournament_that_ended_recently_can_still_be_watched_with_its_final_standings()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "Just Ended");
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await app.Services.GetRequiredService<ManageTournaments>().EndNowAsync(tournament, "tests");
        await using var spectator = await TournamentTestKit.ConnectAsync(app);

        var snapshot = await spectator.SubscribeAsync(tournament);

        Assert.Contains(snapshot.State, new[] { "ended", "finalized" });
        Assert.Equal(("Just Ended", 1, 50L), (snapshot.Rows.Single().Name, snapshot.Rows.Single().Rank, snapshot.Rows.Single().Score));
    }

    [Fact]
    public async Task A_spectator_without_login_can_subscribe_but_not_call_member_methods()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        await spectator.SubscribeAsync(tournament);
        var refused = await Assert.ThrowsAsync<HubException>(() => spectator.Connection.InvokeAsync<object>("WatchMe", tournament));
        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_signed_in_member_watching_gets_their_standing_and_a_notice_when_overtaken()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var (_, rival) = await MemberFactory.RegisterAsync(app, "Rival Rustam");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await FormPoster.LoginAsync(client, Loyalty.Web.Data.Seeding.SeedOptions.DemoMemberEmail,
            Loyalty.Web.Data.Seeding.SeedOptions.DemoMemberPassword);
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var demoNumber = await app.WithDbAsync(db => db.Members.Where(m => m.DisplayName == "Aysel").Select(m => m.MemberNumber!).SingleAsync());
        await using var member = await TournamentTestKit.ConnectAsync(app, cookie);

        Assert.Null(await member.Connection.InvokeAsync<Loyalty.Web.Features.Tournaments.MyStanding?>("WatchMe", tournament)); // not on the board yet
        await TournamentTestKit.PurchaseAsync(api, demoNumber, 10.00m);
        var mine = await Spectator.NextAsync(member.Standings, s => s.TournamentId == tournament);
        Assert.Equal((1, 1), (mine.Rank, mine.Count));
        Assert.Equal("Aysel", Assert.Single(mine.Around).Name);

        await TournamentTestKit.PurchaseAsync(api, rival, 40.00m);
        var notice = await Spectator.NextAsync(member.Overtakes, n => n.TournamentId == tournament);
        Assert.Equal(("Rival Rustam", 2), (notice.By, notice.Rank));
    }

    [Fact]
    public async Task A_board_rebuilt_from_the_database_ranks_everyone_as_before_the_restart()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var numbers = new List<string>();
        for (var i = 0; i < 6; i++) numbers.Add((await MemberFactory.RegisterAsync(app, $"Runner {i}")).Number);
        // Equal scores (ties by time) and different ones, some members buying twice.
        foreach (var (number, amount) in numbers.Select((n, i) => (n, i % 3 == 0 ? 10.00m : 20.00m)).Concat([(numbers[1], 5.00m), (numbers[4], 5.00m)]))
            await TournamentTestKit.PurchaseAsync(api, number, amount);

        var live = await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
        var before = live!.All().Select(x => (x.Who.Name, x.Rank, x.Score)).ToList();
        Assert.Equal(6, before.Count);

        // A new registry is what a restarted instance starts from: only the database.
        var restarted = new LeaderboardRegistry(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(),
            app.Services.GetRequiredService<ProgramTermsCache>(), app.Services.GetRequiredService<IOptions<LiveBoardOptions>>(), TimeProvider.System,
            NullLogger<LeaderboardRegistry>.Instance);
        var rebuilt = await restarted.GetAsync(tournament);
        Assert.Equal(before, rebuilt!.All().Select(x => (x.Who.Name, x.Rank, x.Score)).ToList());
    }

    [Fact]
    public async Task A_deleted_tournament_no_longer_answers_and_a_new_one_starts_empty()
    {
        var manage = app.Services.GetRequiredService<ManageTournaments>();
        var doomed = await TournamentTestKit.CreateLiveAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, "Gone Soon");
        await TournamentTestKit.PurchaseAsync(await ApiClient.CreateAsync(app), number, 10.00m);
        await using var spectator = await TournamentTestKit.ConnectAsync(app);
        Assert.Equal(1, (await spectator.SubscribeAsync(doomed)).Count);

        await manage.DeleteAsync(doomed, "tests");
        var registry = app.Services.GetRequiredService<LeaderboardRegistry>();
        await WaitUntilAsync(() => registry.Boards.All(b => b.Info.Id != doomed));
        await Assert.ThrowsAsync<HubException>(() => spectator.SubscribeAsync(doomed));

        var fresh = await TournamentTestKit.CreateLiveAsync(app);
        Assert.NotEqual(doomed, fresh);
        Assert.Equal(0, (await spectator.SubscribeAsync(fresh)).Count);
    }

    [Fact]
    public async Task Finalizing_twice_pays_the_prizes_once_as_ledger_entries_with_reasons()
    {
        var tournament = await TournamentTestKit.CreateLiveAsync(app, "Prize Cup",
            prizes: [new PrizeRow { FromRank = 1, ToRank = 1, BonusPoints = 1_000 }, new PrizeRow { FromRank = 2, ToRank = 3, BonusPoints = 300 }]);
        var api = await ApiClient.CreateAsync(app);
        var members = new List<(long Id, string Number)>();
        for (var i = 0; i < 4; i++) members.Add(await MemberFactory.RegisterAsync(app, $"Player {i}"));
        for (var i = 0; i < 4; i++) await TournamentTestKit.PurchaseAsync(api, members[i].Number, 10.00m * (i + 1));
        var manage = app.Services.GetRequiredService<ManageTournaments>();
        await manage.EndNowAsync(tournament, "tests");
        var finalize = app.Services.GetRequiredService<FinalizeTournament>();

        var results = await Task.WhenAll(finalize.HandleAsync(tournament, "tests"), finalize.HandleAsync(tournament, "tests"));
        var again = await finalize.HandleAsync(tournament, "tests");

        Assert.Single(results, r => !r.AlreadyFinalized);
        Assert.True(again.AlreadyFinalized);
        var paid = results.Single(r => !r.AlreadyFinalized);
        Assert.Equal((4, 3, 1_600L), (paid.Participants, paid.Winners, paid.PointsAwarded));
        var prizes = await app.WithDbAsync(db => db.LedgerEntries.AsNoTracking()
            .Where(e => e.Source == LedgerSource.Tournament && members.Select(m => m.Id).Contains(e.MemberId)).ToListAsync());
        Assert.Equal(3, prizes.Count);
        var top = prizes.Single(e => e.MemberId == members[3].Id);
        Assert.Equal(1_000, top.Points);
        Assert.Equal("Prize: rank 1 in tournament 'Prize Cup', 1,000 pts", ReasonWords.English(top.Reason));
        Assert.Equal([300L, 300L], prizes.Where(e => e.MemberId == members[2].Id || e.MemberId == members[1].Id).Select(e => e.Points));
        Assert.DoesNotContain(prizes, e => e.MemberId == members[0].Id);
        var ranks = await app.WithDbAsync(db => db.TournamentEntries.AsNoTracking().Where(e => e.TournamentId == tournament)
            .OrderBy(e => e.FinalRank).Select(e => e.MemberId).ToListAsync());
        Assert.Equal(members.Select(m => m.Id).Reverse(), ranks);
        // The three winners were told once each, the fourth player not at all.
        var mails = await app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Subject.EndsWith(" in Prize Cup")).ToListAsync());
        Assert.Equal(["You finished #1 in Prize Cup", "You finished #2 in Prize Cup", "You finished #3 in Prize Cup"],
            mails.Select(m => m.Subject).Order());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition());
    }
}
