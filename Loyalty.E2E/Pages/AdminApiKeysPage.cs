using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's API keys, /admin/api-keys: a key for a till, shown once.</summary>
public sealed class AdminApiKeysPage(IPage page)
{
    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/api-keys");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Creates a key with the given scopes (their check-box labels) and returns the secret shown once.</summary>
    public async Task<string> CreateAsync(string name, params string[] scopes)
    {
        await page.GetByLabel("Name").FillAsync(name);
        foreach (var scope in scopes) await page.GetByLabel(scope, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = page.GetByTestId("new-api-key");
        await Expect(key).ToBeVisibleAsync();
        return await key.InnerTextAsync();
    }
}
