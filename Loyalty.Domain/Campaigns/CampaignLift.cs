namespace Loyalty.Domain.Campaigns;

/// <summary>
/// One group's sales per member over the campaign window, as sufficient statistics: members without purchases count
/// as 0 (they add to <see cref="Members"/> and nothing to the sums).
/// </summary>
/// <param name="SumOfSquares">Σ sales² over the group's members.</param>
public sealed record SalesSample(long Members, decimal Total, double SumOfSquares)
{
    public static readonly SalesSample Empty = new(0, 0m, 0);

    /// <summary>The sample of these members' sales; <paramref name="withoutSales"/> more members bought nothing.</summary>
    public static SalesSample Of(IEnumerable<decimal> sales, long withoutSales = 0)
    {
        var (n, total, squares) = (withoutSales, 0m, 0d);
        foreach (var s in sales)
        {
            n++;
            total += s;
            squares += (double)s * (double)s;
        }
        return new SalesSample(n, total, squares);
    }

    public double Mean => Members == 0 ? 0 : (double)Total / Members;

    /// <summary>The sample variance (n − 1); 0 below two members.</summary>
    public double Variance => Members < 2 ? 0 : Math.Max(0, (SumOfSquares - Members * Mean * Mean) / (Members - 1));

    /// <summary>The squared standard error of the mean.</summary>
    public double MeanVariance => Members == 0 ? 0 : Variance / Members;
}

/// <summary>A 95% interval.</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => Low <= value && value <= High;
}

/// <summary>
/// What a campaign with a holdout measured: the treated members' sales per member against the held-out members', and what
/// the difference cost. Null where it cannot be measured (no holdout, fewer than two members in a group, a holdout that
/// bought nothing for the lift, no positive incremental sales for the cost per unit).
/// </summary>
/// <param name="Difference">Treated mean − holdout mean (sales per member).</param>
/// <param name="DifferenceInterval">Welch's difference of means, normal approximation: d ± 1.96 √(s²ₜ/nₜ + s²ₕ/nₕ).</param>
/// <param name="Lift">(treated mean − holdout mean) / holdout mean.</param>
/// <param name="LiftInterval">Delta method: r = mₜ/mₕ, Var r ≈ r² (SEₜ²/mₜ² + SEₕ²/mₕ²); lift ± 1.96 √Var r.</param>
/// <param name="IncrementalSales">Difference × treated members.</param>
/// <param name="CostPerIncrementalSale">Cost / incremental sales, when the incremental sales are above 0.</param>
public sealed record CampaignLift(SalesSample Treated, SalesSample Holdout, decimal Cost, double? Difference, Interval? DifferenceInterval,
    double? Lift, Interval? LiftInterval, decimal? IncrementalSales, decimal? CostPerIncrementalSale)
{
    /// <summary>The normal quantile for a two-sided 95% interval (rounded as textbooks do).</summary>
    public const double Z95 = 1.96;

    public bool IsMeasurable => Difference is not null;

    public static CampaignLift Compute(SalesSample treated, SalesSample holdout, decimal cost)
    {
        if (treated.Members < 2 || holdout.Members < 2) return new(treated, holdout, cost, null, null, null, null, null, null);
        var difference = treated.Mean - holdout.Mean;
        var se = Math.Sqrt(treated.MeanVariance + holdout.MeanVariance);
        var differenceInterval = new Interval(difference - Z95 * se, difference + Z95 * se);
        double? lift = null;
        Interval? liftInterval = null;
        if (holdout.Mean > 0)
        {
            lift = difference / holdout.Mean;
            var ratio = treated.Mean / holdout.Mean;
            var relative = (treated.Mean > 0 ? treated.MeanVariance / (treated.Mean * treated.Mean) : 0)
                + holdout.MeanVariance / (holdout.Mean * holdout.Mean);
            var liftSe = Math.Abs(ratio) * Math.Sqrt(relative);
            liftInterval = new Interval(lift.Value - Z95 * liftSe, lift.Value + Z95 * liftSe);
        }
        var incremental = decimal.Round((decimal)difference * treated.Members, 2);
        decimal? perUnit = incremental > 0 ? decimal.Round(cost / incremental, 4) : null;
        return new(treated, holdout, cost, difference, differenceInterval, lift, liftInterval, incremental, perUnit);
    }
}
