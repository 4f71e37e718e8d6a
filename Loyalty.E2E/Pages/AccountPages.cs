using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the static Identity forms: /Account/Login, /Account/Register and the link to /Account/ConfirmEmail.</summary>
public sealed class AccountPages(IPage page)
{
    public ILocator EmailConfirmed => page.GetByText("Thank you, your e-mail is confirmed.");

    public async Task LoginAsync(string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    public async Task RegisterAsync(string email, string displayName, string city, string password)
    {
        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Display name").FillAsync(displayName);
        await page.GetByLabel("Home city").FillAsync(city);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail" })).ToBeVisibleAsync();
    }

    /// <summary>Follows the confirmation link of the e-mail sent on registration.</summary>
    public async Task ConfirmEmailAsync(string link) => await page.GotoAsync(link);
}
