using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the partner portal: the overview (/partner) and the partner's own API keys (/partner/api-keys).</summary>
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
}
