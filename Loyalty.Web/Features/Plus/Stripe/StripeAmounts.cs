using Loyalty.Domain;
namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>
/// Amounts as Stripe's API wants them: integers in the currency's minor unit (12.50 EUR → 1250, 500 JPY → 500), per
/// Stripe's "Supported currencies" page. Nothing is rounded: an amount the currency cannot carry is refused.
/// </summary>
public static class StripeAmounts
{
    /// <summary>Stripe's zero-decimal currencies: the amount is sent as it is.</summary>
    private static readonly HashSet<string> ZeroDecimal =
        ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    /// <summary>Three-decimal currencies: sent in thousandths, and Stripe requires the last digit to be 0.</summary>
    private static readonly HashSet<string> ThreeDecimal = ["BHD", "JOD", "KWD", "OMR", "TND"];

    /// <summary>Two-decimal in the API, but card networks take whole units only (Stripe: "special cases").</summary>
    private static readonly HashSet<string> WholeUnitsOnly = ["ISK"];

    /// <summary>Currencies Stripe does not process at all.</summary>
    private static readonly Dictionary<string, string> Unsupported = new() { ["IRR"] = "Iranian rial" };

    /// <summary>The code of every refusal below.</summary>
    public const string CurrencyCode = "payments.currency-unsupported";

    /// <summary>The amount in minor units, or null with the refusal saying what to do.</summary>
    public static long? ToMinorUnits(decimal amount, string currency, out DomainException? problem)
    {
        var code = currency.Trim().ToUpperInvariant();
        problem = null;
        if (Unsupported.TryGetValue(code, out var name))
        {
            problem = DomainException.Invalid(CurrencyCode, $"Stripe does not take payments in {code} ({name}). Price the plan in a currency Stripe supports, or use another payment gateway.", "currency");
            return null;
        }
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            problem = DomainException.Invalid(CurrencyCode, $"'{currency}' is not an ISO 4217 currency code.", "currency");
            return null;
        }
        if (amount <= 0)
        {
            problem = DomainException.Invalid(CurrencyCode, $"A Stripe charge needs an amount above zero, not {amount} {code}.", "currency");
            return null;
        }
        var minor = amount * Factor(code);
        var step = ThreeDecimal.Contains(code) ? 10m : WholeUnitsOnly.Contains(code) ? 100m : 1m;
        if (minor % step != 0)
        {
            problem = Factor(code) == 1 || step == 100m
                ? DomainException.Invalid(CurrencyCode, $"{amount} {code} has more decimals than Stripe accepts for {code} (whole units only).", "currency")
                : DomainException.Invalid(CurrencyCode, $"{amount} {code} has more decimals than Stripe accepts for {code} (at most two decimals).", "currency");
            return null;
        }
        return (long)minor;
    }

    /// <summary>Minor units from Stripe back to the amount (1250 EUR → 12.50).</summary>
    public static decimal FromMinorUnits(long minor, string currency) => minor / (decimal)Factor(currency.Trim().ToUpperInvariant());

    private static int Factor(string code) => ZeroDecimal.Contains(code) ? 1 : ThreeDecimal.Contains(code) ? 1000 : 100;
}
