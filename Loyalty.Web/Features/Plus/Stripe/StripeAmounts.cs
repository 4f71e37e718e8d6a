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

    /// <summary>The amount in minor units, or null with the reason a person can act on.</summary>
    public static long? ToMinorUnits(decimal amount, string currency, out string? problem)
    {
        var code = currency.Trim().ToUpperInvariant();
        problem = null;
        if (Unsupported.TryGetValue(code, out var name))
        {
            problem = $"Stripe does not take payments in {code} ({name}). Price the plan in a currency Stripe supports, or use another payment gateway.";
            return null;
        }
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            problem = $"'{currency}' is not an ISO 4217 currency code.";
            return null;
        }
        if (amount <= 0)
        {
            problem = $"A Stripe charge needs an amount above zero, not {amount} {code}.";
            return null;
        }
        var minor = amount * Factor(code);
        var step = ThreeDecimal.Contains(code) ? 10m : WholeUnitsOnly.Contains(code) ? 100m : 1m;
        if (minor % step != 0)
        {
            problem = $"{amount} {code} has more decimals than Stripe accepts for {code} ({(Factor(code) == 1 || step == 100m ? "whole units only" : "at most two decimals")}).";
            return null;
        }
        return (long)minor;
    }

    /// <summary>Minor units from Stripe back to the amount (1250 EUR → 12.50).</summary>
    public static decimal FromMinorUnits(long minor, string currency) => minor / (decimal)Factor(currency.Trim().ToUpperInvariant());

    private static int Factor(string code) => ZeroDecimal.Contains(code) ? 1 : ThreeDecimal.Contains(code) ? 1000 : 100;
}
