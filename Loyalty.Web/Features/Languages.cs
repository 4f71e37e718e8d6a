using System.Globalization;

namespace Loyalty.Web.Features;

/// <summary>
/// The languages the portal ships: a resource file for each (Resources/*.{code}.resx) and a place in the language picker.
/// Which one a page speaks: the visitor's pick (the culture cookie, set from a member's saved language when they sign in),
/// then the browser's Accept-Language, then <see cref="AppOptions.DefaultLanguage"/> (README, "Languages").
/// </summary>
public static class Languages
{
    public const string English = "en";

    /// <summary>English, Azerbaijani (Latin), Latvian, Turkish, Kazakh (Cyrillic), Persian (right to left).</summary>
    public static readonly IReadOnlyList<string> All = [English, "az", "lv", "tr", "kk", "fa"];

    // Each language's name for itself, as a picker shows it (the platform's NativeName is lower case for some of them).
    private static readonly Dictionary<string, string> Native = new(StringComparer.Ordinal)
    {
        [English] = "English", ["az"] = "Azərbaycanca", ["lv"] = "Latviešu", ["tr"] = "Türkçe", ["kk"] = "Қазақша", ["fa"] = "فارسی",
    };

    public static bool IsSupported(string? code) => code is not null && Native.ContainsKey(code);

    public static string NativeName(string code) => Native.TryGetValue(code, out var name) ? name : CultureInfo.GetCultureInfo(code).NativeName;

    /// <summary>The culture to write in for a stored language: itself when the portal ships it, else <paramref name="fallback"/>.</summary>
    public static CultureInfo CultureFor(string? code, string fallback) => CultureInfo.GetCultureInfo(IsSupported(code) ? code! : fallback);
}
