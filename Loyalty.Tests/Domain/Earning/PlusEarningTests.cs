using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Purchases;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Earning;

/// <summary>The Plus multiplier multiplies the base and the category extras, on top of the tier; campaigns do not see it.</summary>
public sealed class PlusEarningTests
{
    [Fact]
    public void A_Plus_member_earns_base_times_tier_times_Plus_and_the_reason_says_so()
    {
        var result = EarnCalculator.ForPurchase(80m, "EUR", "Riga Central", 5m, TierLadder.Gold(), plusMultiplier: 1.5m);

        Assert.Equal(750, result.Points); // 80 × 5 × 1.25 × 1.5
        Assert.Equal("Purchase 80.00 EUR at Riga Central: 80 × 5 pts × Gold 1.25 × Plus 1.5 = 750 pts", ReasonWords.English(result.Reason));
    }

    [Fact]
    public void Without_Plus_the_reason_and_points_are_the_tiers_alone()
    {
        var result = EarnCalculator.ForPurchase(80m, "EUR", "Riga Central", 5m, TierLadder.Gold());

        Assert.Equal(500, result.Points);
        Assert.DoesNotContain("Plus", ReasonWords.English(result.Reason));
    }

    [Fact]
    public void Category_extras_are_multiplied_by_Plus_too()
    {
        PurchaseItem[] items = [new("ESP-2", "coffee", 2, 10m), new("CRS-1", "pastry", 1, 60m)];

        var result = EarnCalculator.ForPurchase(80m, "EUR", "Riga Central", 5m, TierLadder.Gold(), items,
            new Dictionary<string, decimal> { ["coffee"] = 2m }, plusMultiplier: 1.5m);

        // 750 base + 20 × 5 × 1.25 × 1.5 × (2 − 1) = 187.5: 937.5 → 937
        Assert.Equal(937, result.Points);
        Assert.Contains("coffee 20 × 5 pts × 1.25 × Plus 1.5 × (2 − 1)", ReasonWords.English(result.Reason));
    }

    [Fact]
    public void A_campaign_computes_its_extra_without_the_Plus_multiplier()
    {
        var weekend = new CampaignBuilder().WithId(2).Named("Weekend treat").Multiplying(1.5m).Build();
        var input = new PurchaseEarnInput(80m, "EUR", "Riga Central", 1, CampaignBuilder.Start.AddDays(5).AddHours(12), 5m, TierLadder.Gold())
        {
            Items = [new("CRS-1", "pastry", 1, 80m)],
            Campaigns = [weekend],
            PlusMultiplier = 1.5m,
        };

        var result = EarnCalculator.ForPurchase(input);

        // base 750 (with Plus) + campaign 80 × 5 × 1.25 × 0.5 = 250 (without)
        Assert.Equal(1000, result.Points);
        Assert.Equal(750, result.BasePoints);
        Assert.StartsWith("Purchase 80.00 EUR at Riga Central: 80 × 5 pts × Gold 1.25 × Plus 1.5 = 750 pts + campaign", ReasonWords.English(result.Reason));
    }

    [Fact]
    public void The_combination_rule_shown_to_admins_states_where_Plus_multiplies()
    {
        Assert.Contains("× Plus multiplier", EarnCalculator.CombinationRule);
        Assert.Contains("campaigns and bonus offers are computed from base rate × tier without it", EarnCalculator.CombinationRule);
    }
}
