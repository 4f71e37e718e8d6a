using Loyalty.Domain;
using Loyalty.Web.Features.Programs;

namespace Loyalty.Tests.Features.Programs;

/// <summary>The settings page's example is what a purchase would earn under the settings being typed: the calculator's rounding and the entry tier's multiplier.</summary>
public sealed class ProgramSettingsFormTests
{
    private static ProgramSettingsForm Form(decimal basePoints, decimal entryMultiplier) => new()
    {
        Currency = "EUR", PointValuePoints = 100, PointValueMoney = 1m, BasePointsPerUnit = basePoints,
        Tiers =
        [
            new TierForm { Code = "silver", Name = "Silver", Threshold = 2_000, Multiplier = 2m },
            new TierForm { Code = "bronze", Name = "Bronze", Threshold = 0, Multiplier = entryMultiplier },
        ],
    };

    [Fact]
    public void The_example_uses_the_entry_tier_and_rounds_down_once_like_a_purchase()
    {
        // 45.00 × 3.3 × 1.1 = 163.35 → 163 points, worth 1.63 EUR; without the tier it would say 148.
        var example = Form(3.3m, 1.1m).Example();

        Assert.Equal(("Bronze", 163L, 1.63m), (example.TierName, example.Points, example.Money));
    }

    [Fact]
    public void The_example_of_settings_the_domain_would_refuse_is_refused_the_same_way()
    {
        var refused = Assert.Throws<DomainException>(() => Form(5m, 0m).Example());

        Assert.Equal("tier.multiplier-not-positive", refused.Code);
    }
}
