using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>A tournament an admin made, with automatic join: purchases through the API put members on its board.</summary>
public sealed class TournamentBoardTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task A_purchase_through_the_API_puts_a_member_on_an_automatic_tournaments_board_with_their_rank_and_score()
    {
        var now = DateTimeOffset.UtcNow;
        var id = await app.Services.GetRequiredService<ManageTournaments>().CreateAsync(new TournamentForm
        {
            Name = "Automatic sprint", Scoring = TournamentScoring.PointsEarned, StartsAt = now.AddMinutes(-10), EndsAt = now.AddDays(1),
            JoinRequired = false, Prizes = [new PrizeRow { FromRank = 1, ToRank = 1, BonusPoints = 500 }],
        }, "admin@test");
        var (leader, leaderNumber) = await MemberFactory.RegisterAsync(app, "Sprint Leader");
        var (second, secondNumber) = await MemberFactory.RegisterAsync(app, "Sprint Second");
        var api = await ApiClient.CreateAsync(app);
        var tournaments = app.Services.GetRequiredService<MemberTournaments>();

        var before = (await tournaments.ListAsync(leader)).Single(t => t.Id == id);
        var bigger = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(leaderNumber, 45.00m), TestContext.Current.CancellationToken);
        var smaller = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(secondNumber, 20.00m), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, bigger.StatusCode);
        Assert.Equal(HttpStatusCode.Created, smaller.StatusCode);
        var earned = (await bigger.JsonAsync()).GetProperty("points").GetInt64();

        var mine = (await tournaments.ListAsync(leader)).Single(t => t.Id == id);
        var theirs = (await tournaments.ListAsync(second)).Single(t => t.Id == id);

        Assert.Null(before.Rank);
        Assert.Equal(TournamentState.Live, mine.State);
        Assert.True(earned > 0);
        Assert.Equal((1, earned, 2), (mine.Rank, mine.Score, mine.Participants));
        Assert.Equal(2, theirs.Rank);
        Assert.InRange(theirs.Score, 1, earned - 1);
    }
}
