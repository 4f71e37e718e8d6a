using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the program settings, /admin/settings: the brand card and the earning terms.</summary>
public sealed class AdminSettingsPage(IPage page)
{
    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/settings");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Names the program, gives it a colour and an English home page headline, and saves the brand.</summary>
    public async Task SaveBrandAsync(string name, string colour, string headline)
    {
        await page.GetByLabel("Program name").FillAsync(name);
        await page.GetByLabel("Primary colour (#RRGGBB)").FillAsync(colour);
        await page.GetByLabel("Home page headline").FillAsync(headline);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the brand" }).ClickAsync();
        await Expect(page.GetByText("Brand saved.")).ToBeVisibleAsync();
    }

    /// <summary>Saves the earning terms as they stand (the currency and point value confirmed).</summary>
    public async Task SaveTermsAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByText("Settings saved; new purchases earn by them now.")).ToBeVisibleAsync();
    }
}
