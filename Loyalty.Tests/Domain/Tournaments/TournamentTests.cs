using Loyalty.Domain;
using Loyalty.Domain.Tournaments;

namespace Loyalty.Tests.Domain.Tournaments;

public sealed class TournamentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static Tournament Make(TournamentScoring scoring = TournamentScoring.PointsEarned, string? eventCode = null,
        IEnumerable<PrizeRange>? prizes = null, IEnumerable<int>? tiers = null, DateTimeOffset? start = null) =>
        new("Autumn race", "", scoring, eventCode, start ?? Now.AddHours(-1), Now.AddDays(1), tiers, false, prizes, Now);

    [Fact]
    public void Its_state_follows_the_clock_until_it_is_finalized()
    {
        var t = Make(start: Now.AddHours(1));
        Assert.Equal(TournamentState.Scheduled, t.StateAt(Now));
        Assert.Equal(TournamentState.Live, t.StateAt(Now.AddHours(2)));
        Assert.Equal(TournamentState.Ended, t.StateAt(Now.AddDays(1)));
        Assert.True(t.Finalize(Now.AddDays(1)));
        Assert.Equal(TournamentState.Finalized, t.StateAt(Now.AddDays(1)));
    }

    [Fact]
    public void Finalizing_before_the_end_is_refused_and_a_second_time_does_nothing()
    {
        var t = Make();
        Assert.Equal("tournament.not-ended", Assert.Throws<DomainException>(() => t.Finalize(Now)).Code);
        t.EndNow(Now);
        Assert.True(t.Finalize(Now));
        Assert.False(t.Finalize(Now.AddMinutes(1)));
    }

    [Fact]
    public void Each_scoring_counts_what_it_says_and_only_inside_the_window()
    {
        Assert.Equal(120, Make(TournamentScoring.PointsEarned).ScoreForPurchase(120, 24.00m, Now));
        Assert.Equal(1, Make(TournamentScoring.PurchaseCount).ScoreForPurchase(120, 24.00m, Now));
        Assert.Equal(2_499, Make(TournamentScoring.Spend).ScoreForPurchase(120, 24.99m, Now));
        Assert.Equal(0, Make(TournamentScoring.ActivityEvent, "quiz").ScoreForPurchase(120, 24.00m, Now));
        Assert.Equal(1, Make(TournamentScoring.ActivityEvent, "quiz").ScoreForEvent("quiz", Now));
        Assert.Equal(0, Make(TournamentScoring.ActivityEvent, "quiz").ScoreForEvent("review", Now));
        Assert.Equal(0, Make().ScoreForPurchase(120, 24.00m, Now.AddHours(-2)));
        Assert.Equal(0, Make().ScoreForPurchase(120, 24.00m, Now.AddDays(1)));
    }

    [Fact]
    public void Partial_returns_take_off_exactly_what_the_purchase_added_never_more()
    {
        var t = Make(TournamentScoring.PointsEarned);
        // 101 points for 30.00: three returns of 10.00 take 34 + 33 + 34 = 101.
        var taken = new[] { (0m, 10m), (10m, 20m), (20m, 30m) }.Sum(r => t.ScoreForReturn(101, 30.00m, r.Item1, r.Item2, Now));
        Assert.Equal(101, taken);
        var count = Make(TournamentScoring.PurchaseCount);
        Assert.Equal(0, count.ScoreForReturn(1, 30.00m, 0m, 10m, Now));
        Assert.Equal(1, count.ScoreForReturn(1, 30.00m, 10m, 30m, Now));
    }

    [Fact]
    public void Only_the_eligible_tiers_take_part_and_no_tiers_means_everyone()
    {
        Assert.True(Make().IsEligible(3));
        var goldOnly = Make(tiers: [3]);
        Assert.True(goldOnly.IsEligible(3));
        Assert.False(goldOnly.IsEligible(2));
    }

    [Fact]
    public void Scoring_and_eligibility_cannot_change_once_it_is_live()
    {
        var t = Make();
        typeof(Tournament).GetProperty(nameof(Tournament.Id))!.SetValue(t, 7); // as saved
        Assert.Equal("tournament.started", Assert.Throws<DomainException>(() =>
            t.SetRules(TournamentScoring.Spend, null, null, false, Now)).Code);
        Assert.Equal("tournament.started", Assert.Throws<DomainException>(() =>
            t.Update("Autumn race", "", Now, Now.AddDays(2), null, Now)).Code);
        t.Update("Autumn race II", "", t.StartsAt, Now.AddDays(2), null, Now); // the end may move while live
        Assert.Equal(Now.AddDays(2), t.EndsAt);
    }

    [Theory]
    [InlineData(0, 1, 100, "ranks go from 1 up")]
    [InlineData(3, 2, 100, "ranks go from 1 up")]
    [InlineData(1, 1, 0, "bonus points, a reward, or both")]
    [InlineData(1, 1, -5, "bonus points must be between")]
    public void A_bad_prize_row_is_refused_with_what_to_fix(int from, int to, long points, string message)
    {
        var e = Assert.Throws<DomainException>(() => Make(prizes: [new PrizeRange(from, to, points, null)]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Overlapping_prize_rows_are_refused_and_a_rank_finds_its_prize()
    {
        Assert.Contains("overlap", Assert.Throws<DomainException>(() =>
            Make(prizes: [new PrizeRange(1, 3, 500, null), new PrizeRange(3, 5, 100, null)])).Message);
        var t = Make(prizes: [new PrizeRange(4, 10, 100, null), new PrizeRange(1, 1, 1_000, 2), new PrizeRange(2, 3, 300, null)]);
        Assert.Equal([1, 2, 4], t.Prizes.Select(p => p.FromRank));
        Assert.Equal(1_000, t.PrizeFor(1)!.BonusPoints);
        Assert.Equal(300, t.PrizeFor(3)!.BonusPoints);
        Assert.Null(t.PrizeFor(11));
    }

    [Fact]
    public void An_entry_score_never_goes_below_zero_and_each_change_is_later_than_the_last()
    {
        var entry = new TournamentEntry(1, 9, Now);
        Assert.True(entry.AddScore(50, Now));
        var first = entry.ReachedAtTicks;
        Assert.True(entry.AddScore(-80, Now));
        Assert.Equal(0, entry.Score);
        Assert.True(entry.ReachedAtTicks > first);
        Assert.False(entry.AddScore(-5, Now));
    }
}
