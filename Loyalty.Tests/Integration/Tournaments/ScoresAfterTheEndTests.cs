using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>Once a tournament is ended or finalized, nothing moves its scores: not even an instance that has not heard yet.</summary>
public sealed class ScoresAfterTheEndTests
{
    [Fact]
    public async Task Purchases_after_End_now_and_after_finalizing_move_neither_the_entries_nor_the_board_even_on_an_instance_that_has_not_heard()
    {
        // Two instances on one database and no Redis: B hears of A's "End now" only when its cache of live tournaments ages.
        var database = Path.Combine(Path.GetTempPath(), $"loyalty-after-end-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={database}" };
        try
        {
            await using var a = new LoyaltyAppFactory(demo: true, settings);
            _ = a.Server;
            await using var b = new LoyaltyAppFactory(demo: true, settings);
            _ = b.Server;
            var tournament = await TournamentTestKit.CreateLiveAsync(a, "Last orders");
            var (memberId, number) = await MemberFactory.RegisterAsync(a, "Late Lena");
            var tillOnB = await ApiClient.CreateAsync(b);
            await TournamentTestKit.PurchaseAsync(tillOnB, number, 10.00m); // B now holds the tournament as live
            var boardOnB = await b.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);
            Assert.Equal(50, await ScoreAsync());

            await a.Services.GetRequiredService<ManageTournaments>().EndNowAsync(tournament, "tests");
            await TournamentTestKit.PurchaseAsync(tillOnB, number, 20.00m);

            Assert.Equal(50, await ScoreAsync());
            Assert.Equal(50, boardOnB!.Top(10).Single().Score);

            var finalized = await a.Services.GetRequiredService<FinalizeTournament>().HandleAsync(tournament, "tests");
            Assert.False(finalized.AlreadyFinalized);
            await TournamentTestKit.PurchaseAsync(tillOnB, number, 30.00m);

            Assert.Equal(50, await ScoreAsync());
            Assert.Equal(50, boardOnB.Top(10).Single().Score);
            Assert.Equal(1, await a.WithDbAsync(db => db.TournamentEntries.Where(e => e.TournamentId == tournament).Select(e => e.FinalRank).SingleAsync()));

            Task<long> ScoreAsync() => a.WithDbAsync(db =>
                db.TournamentEntries.Where(e => e.TournamentId == tournament && e.MemberId == memberId).Select(e => e.Score).SingleAsync());
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
                if (File.Exists(file)) File.Delete(file);
        }
    }

    [Fact]
    public async Task An_erased_member_keeps_their_rank_but_takes_no_prize_while_the_other_winners_get_theirs()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var tournament = await TournamentTestKit.CreateLiveAsync(app, "Prize race",
            prizes: [new PrizeRow { FromRank = 1, ToRank = 2, BonusPoints = 500 }]);
        var (erasedId, erased) = await MemberFactory.RegisterAsync(app, "First Fay");
        var (secondId, second) = await MemberFactory.RegisterAsync(app, "Second Sam");
        var till = await ApiClient.CreateAsync(app);
        await TournamentTestKit.PurchaseAsync(till, erased, 30.00m);
        await TournamentTestKit.PurchaseAsync(till, second, 10.00m);
        await app.Services.GetRequiredService<Loyalty.Web.Features.Privacy.EraseMember>().RunAsync(erasedId, "admin@test", "Request of 2 Dec");
        await app.Services.GetRequiredService<ManageTournaments>().EndNowAsync(tournament, "tests");

        await app.Services.GetRequiredService<FinalizeTournament>().HandleAsync(tournament, "tests");

        var prizes = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Source == Loyalty.Domain.Ledger.LedgerSource.Tournament
                                                                              && e.SourceRef!.StartsWith($"tournament:{tournament}:")).ToListAsync());
        Assert.Equal(500, Assert.Single(prizes).Points);
        Assert.Equal(secondId, prizes.Single().MemberId);
        Assert.Equal(1, await app.WithDbAsync(db => db.TournamentEntries.Where(e => e.TournamentId == tournament && e.MemberId == erasedId).Select(e => e.FinalRank).SingleAsync()));
    }
}
