using Loyalty.Domain.Tiers;

namespace Loyalty.Tests.Builders;

public sealed class TierBuilder
{
    private string _name = "Bronze";
    private long _threshold;
    private decimal _multiplier = 1m;
    private readonly List<string> _benefits = [];

    public TierBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public TierBuilder From(long threshold)
    {
        _threshold = threshold;
        return this;
    }

    public TierBuilder Earning(decimal multiplier)
    {
        _multiplier = multiplier;
        return this;
    }

    public TierBuilder WithBenefit(string benefit)
    {
        _benefits.Add(benefit);
        return this;
    }

    public Tier Build() => new(_name.ToUpperInvariant(), _name, _threshold, _multiplier, _benefits);
}

/// <summary>
/// The program's usual ladder. Named TierLadder rather than Tiers so it does not clash with the
/// Loyalty.Tests.Domain.Tiers namespace the tier tests live in.
/// </summary>
public static class TierLadder
{
    public static Tier Bronze() => new TierBuilder().Named("Bronze").From(0).Earning(1m).Build();
    public static Tier Silver() => new TierBuilder().Named("Silver").From(2_000).Earning(1.1m).Build();
    public static Tier Gold() => new TierBuilder().Named("Gold").From(6_000).Earning(1.25m).WithBenefit("Free delivery").Build();
    public static Tier Platinum() => new TierBuilder().Named("Platinum").From(15_000).Earning(1.5m).Build();

    public static TierPolicy Standard() => new([Bronze(), Silver(), Gold(), Platinum()]);
}
