using Bunit;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Tournaments;

namespace Loyalty.Tests.Components.Shared;

public sealed class TournamentCardTests : ComponentTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static MemberTournamentRow Row(TournamentState state = TournamentState.Live, bool eligible = true, bool joinRequired = false,
        bool joined = false, int? rank = null, long score = 0, string unit = "points", int participants = 0) =>
        new(4, "Autumn sprint", "Earn the most points", state, TournamentScoring.PointsEarned, unit, "EUR", Now.AddDays(-1), Now.AddDays(2).AddHours(3),
            eligible, joinRequired, joined, rank, score, participants, [new PrizeRange(1, 1, 1_000, null), new PrizeRange(2, 5, 200, null)], null);

    private IRenderedComponent<TournamentCard> Card(MemberTournamentRow row) => Render<TournamentCard>(p => p.Add(c => c.Row, row).Add(c => c.Now, Now));

    private static bool HasJoin(IRenderedComponent<TournamentCard> card) => card.FindAll("button").Any(b => b.TextContent.Trim() == "Join");

    [Fact]
    public void A_member_on_the_board_sees_their_rank_and_score_the_time_left_and_the_prizes()
    {
        var card = Card(Row(rank: 3, score: 1_250, participants: 12));

        Assert.Equal("#3 of 12 · 1,250 pts", card.Find("[data-testid=tournament-my-rank]").TextContent.Trim());
        Assert.Equal("Ends in 2 d 3 h", card.Find("[data-testid=tournament-when]").TextContent.Trim());
        Assert.Equal("Live", card.Find("[data-testid=tournament-state]").TextContent.Trim());
        Assert.Equal("Most points earned", card.Find("[data-testid=tournament-scoring]").TextContent.Trim());
        Assert.Contains("#1: 1,000 pts · #2–5: 200 pts", card.Find("[data-testid=tournament-prizes]").TextContent);
    }

    [Fact]
    public void A_spend_score_is_money_from_cents()
    {
        var card = Card(Row(rank: 1, score: 4_550, unit: "money", participants: 2));

        Assert.Equal("#1 of 2 · 45.50 EUR", card.Find("[data-testid=tournament-my-rank]").TextContent.Trim());
    }

    [Fact]
    public void A_member_not_on_the_board_sees_no_rank()
    {
        var card = Card(Row());

        Assert.Empty(card.FindAll("[data-testid=tournament-my-rank]"));
    }

    [Theory]
    [InlineData(TournamentState.Live, true, false, true, true)]
    [InlineData(TournamentState.Scheduled, true, false, true, true)]
    [InlineData(TournamentState.Live, false, false, true, false)] // automatic: no join needed
    [InlineData(TournamentState.Live, true, true, true, false)] // joined already
    [InlineData(TournamentState.Ended, true, false, true, false)] // over
    [InlineData(TournamentState.Finalized, true, false, true, false)]
    [InlineData(TournamentState.Live, true, false, false, false)] // not for this tier
    public void The_join_button_shows_only_when_joining_is_needed_possible_and_allowed(TournamentState state, bool joinRequired, bool joined,
        bool eligible, bool shown)
    {
        var card = Card(Row(state, eligible, joinRequired, joined));

        Assert.Equal(shown, HasJoin(card));
    }

    [Fact]
    public void An_ineligible_member_is_told_it_is_not_for_their_tier_and_joining_calls_back()
    {
        var ineligible = Card(Row(eligible: false, joinRequired: true));
        MemberTournamentRow? joined = null;
        var row = Row(joinRequired: true);
        var open = Render<TournamentCard>(p => p.Add(c => c.Row, row).Add(c => c.Now, Now).Add(c => c.OnJoin, (MemberTournamentRow r) => joined = r));

        open.FindAll("button").Single(b => b.TextContent.Trim() == "Join").Click();

        Assert.Equal("Not for your tier", ineligible.Find("[data-testid=tournament-ineligible]").TextContent.Trim());
        Assert.Same(row, joined);
    }
}
