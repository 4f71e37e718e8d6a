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

    /// <summary>Money as the app writes it: "1,234.50 EUR".</summary>
    public static string Money(decimal amount, string currency) => $"{amount.ToString("N2", CultureInfo.CurrentCulture)} {currency}";

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
