using Loyalty.Domain;
using Loyalty.Domain.Plus;

namespace Loyalty.Tests.Domain.Plus;

public sealed class PlusPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("", 4.99, "EUR", 1.5, "plus.plan-name")]
    [InlineData("Plus", 0, "EUR", 1.5, "plus.plan-price")]
    [InlineData("Plus", 4.999, "EUR", 1.5, "plus.plan-price")]
    [InlineData("Plus", 4.99, "eur", 1.5, "plus.plan-currency")]
    [InlineData("Plus", 4.99, "EURO", 1.5, "plus.plan-currency")]
    [InlineData("Plus", 4.99, "EUR", 0.9, "plus.plan-multiplier")]
    [InlineData("Plus", 4.99, "EUR", 11, "plus.plan-multiplier")]
    public void A_plan_with_a_wrong_value_is_refused_naming_what_to_fix(string name, double price, string currency, double multiplier, string code)
    {
        var e = Assert.Throws<DomainException>(() => new PlusPlan(name, BillingPeriod.Monthly, (decimal)price, currency, (decimal)multiplier, null, T0));

        Assert.Equal(code, e.Code);
        Assert.NotNull(e.Field);
    }

    [Fact]
    public void A_plan_keeps_its_benefit_lines_and_a_yearly_price_counts_a_twelfth_a_month()
    {
        var plan = new PlusPlan(" Plus yearly ", BillingPeriod.Yearly, 60m, "EUR", 1.5m, "Double points\r\n\n Free coffee ", T0);

        Assert.Equal("Plus yearly", plan.Name);
        Assert.Equal(["Double points", "Free coffee"], plan.BenefitLines);
        Assert.Equal(5m, plan.MonthlyRevenue);
    }

    [Fact]
    public void Retiring_twice_or_reactivating_an_offered_plan_is_refused()
    {
        var plan = new PlusPlan("Plus", BillingPeriod.Monthly, 5m, "EUR", 1.5m, null, T0);

        Assert.Equal("plus.plan-active", Assert.Throws<DomainException>(plan.Reactivate).Code);
        plan.Retire();
        Assert.Equal("plus.plan-retired", Assert.Throws<DomainException>(plan.Retire).Code);
        plan.Reactivate();
        Assert.False(plan.Retired);
    }
}
