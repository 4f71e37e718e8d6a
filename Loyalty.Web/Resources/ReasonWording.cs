using System.Globalization;
using Loyalty.Domain.Ledger;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Resources;

/// <summary>
/// A ledger reason in the reader's words (docs/ledger.md §1): the template <c>Reason.&lt;code&gt;</c> in the current UI culture,
/// its arguments written the culture's way (points and counts as whole numbers, rates with their decimals, money as the
/// app writes money, names and notes as typed), the parts rendered the same way and joined with " + " into the placeholder
/// after the last argument. Legacy text is shown as stored. The one place a reason becomes words: pages, CSV, notifications,
/// API receipts and the privacy export call it. Here rather than in Components/Shared because use cases call it too.
/// </summary>
public static class ReasonWording
{
    public static string Reason(this IStringLocalizer l, string stored) => l.Reason(LedgerReason.Decode(stored));

    public static string Reason(this IStringLocalizer l, LedgerReason reason)
    {
        if (reason.IsVerbatim) return string.Concat(reason.Args.Select(Argument));
        var args = reason.Args.Select(Argument).Append(string.Join(" + ", reason.Parts.Select(l.Reason))).ToArray<object>();
        var template = l[$"Reason.{reason.Code}"];
        // A code this version does not know (written by a newer one): its arguments, so the reader still sees the numbers.
        return template.ResourceNotFound ? string.Join(" ", args.Where(a => a is string { Length: > 0 })) : string.Format(CultureInfo.CurrentCulture, template.Value, args);
    }

    /// <summary>
    /// Money as the app writes it: an amount with its currency's own decimals (IRR none, KWD three, most two) in the culture's
    /// digits and separators, then the currency: its sign where the reader's language is at home with it (₼ in az, € in lv,
    /// ₺ in tr, ₸ in kk, ریال in fa), else its ISO code ("80.00 EUR", "80,00 ₺", "1 250 ریال").
    /// </summary>
    public static string Money(decimal amount, string currency)
    {
        var culture = CultureInfo.CurrentCulture;
        var sign = HomeSigns.TryGetValue(culture.TwoLetterISOLanguageName, out var home) && home.Currency == currency ? home.Sign : currency;
        return $"{amount.ToString("N" + Decimals(currency).ToString(CultureInfo.InvariantCulture), culture)} {sign}";
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

    /// <summary>A rate or price with only the decimals it has: 5, 0.01, 0.0125.</summary>
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);

    public static string Date(DateTimeOffset at) => at.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    private static string Argument(ReasonArg arg) => arg switch
    {
        ReasonArg.Points p => p.Value.ToString("N0", CultureInfo.CurrentCulture),
        ReasonArg.Number n => Number(n.Value),
        ReasonArg.Amount a => a.Value.ToString("N2", CultureInfo.CurrentCulture),
        ReasonArg.Money m => Money(m.Value, m.Currency),
        ReasonArg.Date d => Date(new DateTimeOffset(d.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        ReasonArg.Text t => t.Value,
        _ => "",
    };
}
