using System.Globalization;
using Loyalty.Domain.Ledger;
using Loyalty.Web;
using Loyalty.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Loyalty.Tests.Builders;

/// <summary>A ledger reason in words, through the app's own resources and <see cref="ReasonWording"/>, in a given culture.</summary>
public static class ReasonWords
{
    private static readonly IStringLocalizer Localizer = new ServiceCollection().AddLogging()
        .AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider()
        .GetRequiredService<IStringLocalizer<SharedResource>>();

    public static string English(LedgerReason reason) => In("en", reason);

    public static string English(string stored) => In("en", stored);

    public static string Persian(LedgerReason reason) => In("fa", reason);

    public static string In(string culture, string stored) => In(culture, LedgerReason.Decode(stored));

    public static string In(string culture, LedgerReason reason) => In(culture, l => l.Reason(reason));

    /// <summary>Whatever <paramref name="words"/> makes with the app's localizer while <paramref name="culture"/> is current.</summary>
    public static string In(string culture, Func<IStringLocalizer, string> words)
    {
        var (ui, format) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return words(Localizer);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, format);
        }
    }
}
