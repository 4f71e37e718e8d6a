using Microsoft.Playwright;

namespace Loyalty.E2E;

/// <summary>The one way the E2E tests start Chromium and open a page on a portal.</summary>
internal static class HeadlessChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });

    /// <summary>A page in a context of its own (its own cookies: one person), English, at the given viewport.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
