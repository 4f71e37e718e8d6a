using Loyalty.Domain.Campaigns;

namespace Loyalty.Tests.Domain.Campaigns;

public sealed class CampaignLiftTests
{
    [Fact]
    public void The_lift_its_intervals_and_the_cost_per_incremental_sale_match_a_hand_computed_example()
    {
        // Treated sales per member 10, 20, 30, 40:
        //   n = 4, mean 25, sample variance ((−15)² + (−5)² + 5² + 15²) / 3 = 500 / 3 = 166.667, SE² = 166.667 / 4 = 41.667.
        // Holdout 0, 20, 40 (the first member bought nothing and counts as 0):
        //   n = 3, mean 20, sample variance (400 + 0 + 400) / 2 = 400, SE² = 400 / 3 = 133.333.
        // Difference 25 − 20 = 5; SE = √(41.667 + 133.333) = √175 = 13.2288; 95%: 5 ± 1.96 × 13.2288 = 5 ± 25.9284 → [−20.9284, 30.9284].
        // Lift 5 / 20 = 0.25; r = 25 / 20 = 1.25; Var r ≈ 1.25² × (41.667 / 625 + 133.333 / 400) = 1.5625 × (0.066667 + 0.333333)
        //   = 1.5625 × 0.4 = 0.625; SE = 0.790569; 95%: 0.25 ± 1.549516 → [−1.299516, 1.799516].
        // Incremental sales 5 × 4 treated = 20.00; cost 10.00 → 10.00 / 20.00 = 0.50 per unit of sales.
        var treated = SalesSample.Of([10m, 20m, 30m, 40m]);
        var holdout = SalesSample.Of([20m, 40m], withoutSales: 1);

        var lift = CampaignLift.Compute(treated, holdout, cost: 10.00m);

        Assert.Equal((4L, 25.0, 166.667), (treated.Members, treated.Mean, Math.Round(treated.Variance, 3)));
        Assert.Equal((3L, 20.0, 400.0), (holdout.Members, holdout.Mean, Math.Round(holdout.Variance, 3)));
        Assert.Equal(5.0, lift.Difference!.Value, 9);
        Assert.Equal(-20.9284, lift.DifferenceInterval!.Value.Low, 4);
        Assert.Equal(30.9284, lift.DifferenceInterval.Value.High, 4);
        Assert.Equal(0.25, lift.Lift!.Value, 9);
        Assert.Equal(-1.299516, lift.LiftInterval!.Value.Low, 5);
        Assert.Equal(1.799516, lift.LiftInterval.Value.High, 5);
        Assert.Equal(20.00m, lift.IncrementalSales);
        Assert.Equal(0.50m, lift.CostPerIncrementalSale);
    }

    [Fact]
    public void Without_a_holdout_nothing_but_the_cost_is_measurable()
    {
        var lift = CampaignLift.Compute(SalesSample.Of([10m, 20m]), SalesSample.Empty, cost: 5m);

        Assert.False(lift.IsMeasurable);
        Assert.Null(lift.Lift);
        Assert.Null(lift.CostPerIncrementalSale);
        Assert.Equal(5m, lift.Cost);
    }

    [Fact]
    public void When_the_treated_members_sold_no_more_than_the_holdout_the_cost_per_incremental_sale_is_not_measurable()
    {
        var lift = CampaignLift.Compute(SalesSample.Of([10m, 20m]), SalesSample.Of([20m, 30m]), cost: 5m);

        Assert.Equal(-10.0, lift.Difference!.Value, 9);
        Assert.Equal(-20.00m, lift.IncrementalSales);
        Assert.Null(lift.CostPerIncrementalSale);
    }
}
