using System.Globalization;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Components;

/// <summary>Money in each language's own way: its separators, the currency's decimals (IRR none), the sign where the language is at home with it.</summary>
public sealed class MoneyDisplayTests
{
    [Theory]
    [InlineData("en", 1234.5, "EUR", "1,234.50 EUR")]
    [InlineData("lv", 1234.5, "EUR", "1 234,50 €")]
    [InlineData("az", 1234.5, "AZN", "1.234,50 ₼")]
    [InlineData("az", 1234.5, "EUR", "1.234,50 EUR")]
    [InlineData("tr", 1234.5, "TRY", "1.234,50 ₺")]
    [InlineData("kk", 1234.5, "KZT", "1 234,50 ₸")]
    [InlineData("fa", 1250000, "IRR", "1٬250٬000 ریال")]
    [InlineData("en", 1250000, "IRR", "1,250,000 IRR")]
    [InlineData("en", 12.345, "KWD", "12.345 KWD")]
    public void An_amount_reads_as_the_language_writes_it(string culture, double amount, string currency, string expected)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            // Kazakh and Latvian group with a no-break space: compare what a reader sees.
            Assert.Equal(expected, Display.Money((decimal)amount, currency).Replace('\u00A0', ' ').Replace('\u202F', ' '));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void Rials_have_no_decimals_and_dinars_three()
    {
        Assert.Equal(0, Display.Decimals("IRR"));
        Assert.Equal(2, Display.Decimals("AZN"));
        Assert.Equal(3, Display.Decimals("KWD"));
    }
}
