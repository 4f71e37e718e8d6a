using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Earning;

namespace Loyalty.Tests.Domain.Earning;

/// <summary>Activity event types that earn per amount (a bet's stake): whole units, a minimum, a daily points cap.</summary>
public sealed class StakeEventTypeTests
{
    /// <summary>1 pt per 10.00 staked, from 5.00, at most 100 pts a day.</summary>
    private static ActivityEventType Bet()
    {
        var bet = new ActivityEventType("bet", "Bet placed", 1, 1);
        bet.UpdatePerAmount("Bet placed", 1, 10m, 5m, 100);
        return bet;
    }

    [Fact]
    public void A_stake_earns_its_whole_units_times_the_points()
    {
        Assert.Equal(new StakeEarning(12, 12, StakeOutcome.Earned), Bet().EarnFor(125.50m, 0, 0));
        Assert.Equal(new StakeEarning(0, 0, StakeOutcome.Earned), Bet().EarnFor(9.99m, 0, 0)); // above the minimum, less than a unit
    }

    [Fact]
    public void A_stake_below_the_minimum_earns_nothing()
    {
        Assert.Equal(new StakeEarning(0, 0, StakeOutcome.BelowMinimum), Bet().EarnFor(4.99m, 0, 0));
        Assert.Equal(StakeOutcome.Earned, Bet().EarnFor(5m, 0, 0).Outcome);
    }

    [Fact]
    public void The_stake_that_reaches_the_daily_cap_earns_the_rest_and_later_ones_nothing()
    {
        Assert.Equal(new StakeEarning(10, 30, StakeOutcome.Capped), Bet().EarnFor(300m, 90, 0));
        Assert.Equal(new StakeEarning(10, 30, StakeOutcome.Capped), Bet().EarnFor(300m, 0, 90)); // recorded today counts as much
        Assert.Equal(new StakeEarning(0, 30, StakeOutcome.CapReached), Bet().EarnFor(300m, 100, 0));
    }

    [Theory]
    [InlineData(null, "event.amount-required")]
    [InlineData("0", "event.amount")]
    [InlineData("-10", "event.amount")]
    [InlineData("100000000.01", "event.amount")]
    public void A_per_amount_type_refuses_a_missing_zero_negative_or_huge_amount(string? amount, string code)
    {
        var refused = Assert.Throws<DomainException>(() => Bet().CheckAmount(amount is null ? null : decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((code, "amount", RefusalKind.Invalid), (refused.Code, refused.Field, refused.Kind));
    }

    [Fact]
    public void A_fixed_points_type_refuses_an_amount_rather_than_ignore_it()
    {
        var review = new ActivityEventType("review", "Review written", 50, 2);
        review.CheckAmount(null);
        var refused = Assert.Throws<DomainException>(() => review.CheckAmount(10m));
        Assert.Equal(("event.amount-not-expected", "amount"), (refused.Code, refused.Field));
    }

    [Theory]
    [InlineData(0, 10, 0, 100, "event.points")]
    [InlineData(1, 0, 0, 100, "event.unit-amount")]
    [InlineData(1, 0.001, 0, 100, "event.unit-amount")]
    [InlineData(1, 10, -1, 100, "event.minimum-amount")]
    [InlineData(1, 10, 0, 0, "event.points-cap")]
    public void A_per_amount_type_with_a_setting_out_of_range_is_refused(long points, double unit, double minimum, long cap, string code)
    {
        var bet = Bet();
        Assert.Equal(code, Assert.Throws<DomainException>(() => bet.UpdatePerAmount("Bet placed", points, (decimal)unit, (decimal)minimum, cap)).Code);
    }

    [Fact]
    public void Switching_a_type_back_to_fixed_points_forgets_its_amounts()
    {
        var bet = Bet();
        bet.Update("Bet placed", 5, 3);
        Assert.False(bet.EarnsPerAmount);
        Assert.Throws<DomainException>(() => bet.CheckAmount(10m));
    }

    /// <summary>One event: backdated <see cref="DaysBack"/> days (0–3) from today, with <see cref="Cents"/> staked; then maybe a new day.</summary>
    private sealed record Stake(int DaysBack, long Cents, bool ThenNextDay)
    {
        public override string ToString() => $"{Cents / 100m:0.00} {DaysBack}d back{(ThenNextDay ? ", next day" : "")}";
    }

    [Fact]
    public void The_daily_points_cap_is_never_exceeded_on_any_day_however_stakes_are_sized_dated_and_spread()
    {
        var gen = Gen.Select(Gen.Int[1, 500], Gen.Int[1, 20], Gen.Long[0, 20_000], Gen.Int[1, 300],
                (cap, points, minimumCents, unitCents) => (Cap: (long)cap, Points: (long)points, Minimum: minimumCents / 100m, Unit: unitCents / 100m))
            .SelectMany(t => Gen.Select(Gen.Int[0, 3], Gen.Long[1, 10_000_000], Gen.Int[0, 5], (back, cents, next) => new Stake(back, cents, next == 0))
                .List[1, 120].Select(stakes => (t, stakes)));
        gen.Sample(c =>
        {
            var ((cap, points, minimum, unit), stakes) = c;
            var bet = new ActivityEventType("bet", "Bet placed", 1, 1);
            bet.UpdatePerAmount("Bet placed", points, unit, minimum, cap);
            var earnedOn = new Dictionary<int, long>(); // by the day the event happened
            var recordedOn = new Dictionary<int, long>(); // by the day it was recorded
            var today = 10;
            foreach (var stake in stakes)
            {
                var day = today - stake.DaysBack;
                var earning = bet.EarnFor(stake.Cents / 100m, earnedOn.GetValueOrDefault(day), recordedOn.GetValueOrDefault(today));
                if (earning.Points < 0 || earning.Points > earning.Uncapped) return false;
                if (stake.Cents / 100m < minimum && earning.Points != 0) return false;
                earnedOn[day] = earnedOn.GetValueOrDefault(day) + earning.Points;
                recordedOn[today] = recordedOn.GetValueOrDefault(today) + earning.Points;
                if (earnedOn[day] > cap || recordedOn[today] > cap) return false;
                if (stake.ThenNextDay) today++;
            }
            return true;
        }, iter: 300, print: c => $"cap {c.t.Cap}, {c.t.Points} pts per {c.t.Unit}, min {c.t.Minimum}: {string.Join("; ", c.stakes)}");
    }
}
