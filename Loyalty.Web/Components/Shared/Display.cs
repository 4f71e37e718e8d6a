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

    /// <summary>Money as the app writes it everywhere (<see cref="Resources.ReasonWording.Money"/>): "80.00 EUR", "80,00 ₺", "1 250 ریال".</summary>
    public static string Money(decimal amount, string currency) => Resources.ReasonWording.Money(amount, currency);

    /// <summary>How many decimals an amount in the currency is written with.</summary>
    public static int Decimals(string currency) => Resources.ReasonWording.Decimals(currency);

    /// <summary>"2,400 pts ≈ 24.00 EUR": a point amount always travels with its money value.</summary>
    public static string PointsWithMoney(this IStringLocalizer l, long points, decimal money, string currency) =>
        l["Format.PointsWithMoney", l.Points(points), Money(money, currency)];

    /// <summary>A rate or price with only the decimals it has: 5, 0.01, 0.0125.</summary>
    public static string Number(decimal value) => Resources.ReasonWording.Number(value);

    public static string Date(DateTimeOffset at) => Resources.ReasonWording.Date(at);

    public static string DateTime(DateTimeOffset at) => at.ToString("g", CultureInfo.CurrentCulture);
}
