using System.Collections.Concurrent;
using MudBlazor;
using MudBlazor.Utilities;

namespace Loyalty.Web.Components.Layout;

/// <summary>The portal's colours and type. System fonts only: the app must work without internet.</summary>
public static class LoyaltyTheme
{
    public static readonly MudTheme Theme = Build("#5b3cc4", "#3f2a8c", "#9d87ff", "#221a45");

    private static readonly ConcurrentDictionary<string, MudTheme> ByColor = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The theme in the program's colour (#RRGGBB), the app bar a shade darker (by a share of its lightness, as the
    /// portal's own pair is, so a dark colour does not turn black); null = the portal's own.
    /// </summary>
    public static MudTheme For(string? primary) => primary is null ? Theme : ByColor.GetOrAdd(primary, color =>
    {
        var c = new MudColor(color);
        string Hex(MudColor x) => x.ToString(MudColorOutputFormats.Hex);
        return Build(color, Hex(c.ColorDarken(c.L * 0.28)), Hex(c.ColorLighten((1 - c.L) * 0.4)), Hex(c.ColorDarken(c.L * 0.55)));
    });

    private static MudTheme Build(string primary, string appBar, string primaryDark, string appBarDark) => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = primary,
            Secondary = "#e0a526",
            AppbarBackground = appBar,
            Background = "#f6f5fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = primaryDark,
            Secondary = "#f0c05a",
            AppbarBackground = appBarDark,
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Tahoma", "Arial", "sans-serif"],
            },
        },
    };
}
