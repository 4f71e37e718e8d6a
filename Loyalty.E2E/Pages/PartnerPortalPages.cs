using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the partner portal: the overview (/partner), the partner's own API keys (/partner/api-keys) and its
/// statements (/partner/statements).</summary>
public sealed class PartnerPortalPages(IPage page)
{
    public ILocator PartnerName => page.GetByTestId("partner-name");

    /// <summary>The value under a figure's label on the overview, e.g. "Points issued".</summary>
    public ILocator Figure(string label) =>
        page.GetByText(label, new() { Exact = true }).Locator("xpath=ancestor::div[contains(@class,'mud-paper')][1]").Locator("p");

    public ILocator KeyRow(string name) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });

    public async Task GotoOverviewAsync()
    {
        await page.GotoAsync("/partner");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task GotoKeysAsync()
    {
        await page.GotoAsync("/partner/api-keys");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Creates a key with the given scopes (their check-box labels) and returns the secret shown once.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] scopes)
    {
        await page.GetByLabel("Name").FillAsync(name);
        foreach (var scope in scopes) await page.GetByLabel(scope, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = page.GetByTestId("new-api-key");
        await Expect(key).ToBeVisibleAsync();
        return await key.InnerTextAsync();
    }

    public ILocator PartnerOwes => page.GetByTestId("partner-owes");

    public ILocator ProgramOwes => page.GetByTestId("program-owes");

    public async Task GotoStatementsAsync()
    {
        await page.GotoAsync("/partner/statements");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Downloads the shown statement's CSV as a person would, by its button, and returns its text.</summary>
    public async Task<string> DownloadStatementCsvAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        await using var stream = await download.CreateReadStreamAsync();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
