using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Account;

/// <summary>Resource values that carry trusted markup (keys ending in "Html"), such as a sentence with a link inside.</summary>
public static class LocalizedMarkup
{
    /// <summary>The value of <paramref name="name"/> as markup; the arguments are HTML-encoded before they are put in.</summary>
    public static MarkupString Html(this IStringLocalizer localizer, string name, params object?[] arguments)
    {
        var template = localizer[name].Value;
        if (arguments.Length == 0) return new MarkupString(template);
        var encoded = arguments.Select(a => (object?)WebUtility.HtmlEncode(Convert.ToString(a, CultureInfo.CurrentCulture))).ToArray();
        return new MarkupString(string.Format(CultureInfo.CurrentCulture, template, encoded));
    }
}
