using MudBlazor;

namespace Loyalty.Web.Components.Layout;

/// <summary>The portal's colours and type. System fonts only: the app must work without internet.</summary>
public static class LoyaltyTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#5b3cc4",
            Secondary = "#e0a526",
            AppbarBackground = "#3f2a8c",
            Background = "#f6f5fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9d87ff",
            Secondary = "#f0c05a",
            AppbarBackground = "#221a45",
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
