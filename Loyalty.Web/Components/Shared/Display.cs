using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>Points, money and dates as the current culture writes them.</summary>
public static class Display
{
    public static string Points(this IStringLocalizer l, long points) =>
        l["Format.Points", points.ToString("N0", CultureInfo.CurrentCulture)];

    public static string SignedPoints(this IStringLocalizer l, long points) =>
        (points > 0 ? "+" : "") + l.Points(points);

    /// <summary>
    /// An amount with its currency's own decimals (IRR none, KWD three, most two) in the culture's digits and separators,
    /// then the currency: its sign where the reader's language is at home with it (₼ in az, € in lv, ₺ in tr, ₸ in kk, ریال
    /// in fa), else its ISO code ("80.00 EUR", "80,00 ₺", "1 250 ریال").
    /// </summary>
    public static string Money(decimal amount, string currency)
    {
        var culture = CultureInfo.CurrentCulture;
        var digits = Decimals(currency);
        var sign = HomeSigns.TryGetValue(culture.TwoLetterISOLanguageName, out var home) && home.Currency == currency ? home.Sign : currency;
        return $"{amount.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), culture)} {sign}";
    }

    /// <summary>How many decimals an amount in the currency is written with (ISO 4217 minor units; IRR as it is used, whole rials).</summary>
    public static int Decimals(string currency) => ZeroDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    private static readonly HashSet<string> ZeroDecimals =
        new(["IRR", "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG", "XAF", "XOF", "XPF", "KMF", "GNF", "RWF", "VUV", "IQD"], StringComparer.Ordinal);

    private static readonly HashSet<string> ThreeDecimals = new(["BHD", "KWD", "OMR", "JOD", "TND", "LYD"], StringComparer.Ordinal);

    private static readonly Dictionary<string, (string Currency, string Sign)> HomeSigns = new(StringComparer.Ordinal)
    {
        ["az"] = ("AZN", "₼"), ["lv"] = ("EUR", "€"), ["tr"] = ("TRY", "₺"), ["kk"] = ("KZT", "₸"), ["fa"] = ("IRR", "ریال"),
    };

    /// <summary>"2,400 pts ≈ 24.00 EUR": a point amount always travels with its money value.</summary>
    public static string PointsWithMoney(this IStringLocalizer l, long points, decimal money, string currency) =>
        l["Format.PointsWithMoney", l.Points(points), Money(money, currency)];

    /// <summary>A rate or price with only the decimals it has: 5, 0.01, 0.0125.</summary>
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string DateTime(DateTimeOffset at) => at.ToString("g", CultureInfo.CurrentCulture);
}
