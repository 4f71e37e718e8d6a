using System.Globalization;
using Loyalty.Domain;
using Loyalty.Domain.Earning;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Earning;

public sealed class EarnCalculatorTests
{
    [Fact]
    public void A_Gold_purchase_earns_amount_times_rate_times_multiplier_rounded_down()
    {
        var result = EarnCalculator.ForPurchase(45.00m, "EUR", "Riga Central", basePointsPerUnit: 10m, TierLadder.Gold());

        Assert.Equal(562, result.Points);
        Assert.Equal("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts", ReasonWords.English(result.Reason));
    }

    [Fact]
    public void The_reason_is_stored_the_same_way_whatever_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var result = EarnCalculator.ForPurchase(12.50m, "EUR", "Tallinn", basePointsPerUnit: 10m, TierLadder.Silver());

            Assert.Equal(137, result.Points);
            Assert.Contains("\"Silver\",{\"n\":1.1}", result.Reason.Encode()); // stored the same whatever the culture
            Assert.Contains("12.5 × 10 pts × Silver 1.1 = 137 pts", ReasonWords.English(result.Reason));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_purchase_without_a_positive_amount_is_refused(int amount)
    {
        var refused = Assert.Throws<DomainException>(() =>
            EarnCalculator.ForPurchase(amount, "EUR", "Riga Central", 10m, TierLadder.Bronze()));

        Assert.Equal("purchase.amount", refused.Code);
    }
}
