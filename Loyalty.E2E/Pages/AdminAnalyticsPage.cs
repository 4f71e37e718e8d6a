using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives /admin/analytics: its charts by test id and the CSV buttons of its tables.</summary>
public sealed class AdminAnalyticsPage(IPage page)
{
    public static readonly string[] Charts = ["chart-new-members", "chart-total-members", "chart-active-members", "chart-points", "chart-liability", "chart-tiers", "chart-segments",
        "chart-rewards-top", "chart-tournaments"];

    /// <summary>Charts that draw only when the demo's campaign with a holdout and its bonus offer's uses are there.</summary>
    public static readonly string[] CampaignAndOfferCharts = ["chart-campaigns", "chart-offers-use"];

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Analytics", Exact = true });

    /// <summary>The drawn shapes (bars, lines, donut slices) of a chart's svg.</summary>
    public ILocator Shapes(string chart) => page.Locator($"[data-testid={chart}] svg path, [data-testid={chart}] svg rect");

    /// <summary>The chart's own shapes, not the icons of its section's buttons (a CSV button's icon is an svg path too).</summary>
    public ILocator ChartShapes(string chart) =>
        page.Locator($"[data-testid={chart}] svg:not(.mud-icon-root) path, [data-testid={chart}] svg:not(.mud-icon-root) rect");

    /// <summary>A campaign's row in the campaigns section's table (name, cost, sales touched, lift, cost per incremental sale).</summary>
    public ILocator CampaignRow(string name) => page.Locator("[data-testid=analytics-campaigns] tbody tr", new() { HasText = name });

    public ILocator CohortRows => page.Locator("[data-testid=cohort-grid] tbody tr");

    /// <summary>
    /// Opens the page until the rollup job has rolled up the demo history (it starts with the app and takes a few seconds).
    /// </summary>
    public async Task OpenWithDataAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await page.GotoAsync("/admin/analytics");
            await Heading.WaitForAsync();
            await page.Locator("[data-testid=analytics-points]").WaitForAsync();
            await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=analytics-loading]')");
            if (await Shapes("chart-points").CountAsync() > 0 || DateTime.UtcNow > deadline) return;
            await Task.Delay(1000);
        }
    }

    public async Task<string> DownloadCsvAsync(string table)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId($"csv-{table}").ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
