using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>The static Identity forms.</summary>
public sealed class AccountPages(IPage page)
{
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
}

/// <summary>The interactive shell around every page.</summary>
public sealed class Shell(IPage page)
{
    /// <summary>Waits until the circuit is connected, so clicks reach their handlers.</summary>
    public Task WaitUntilInteractiveAsync() => Expect(page.Locator("body")).ToHaveAttributeAsync("data-interactive", "true");

    public async Task SwitchLanguageAsync(string nativeName)
    {
        await WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByText(nativeName, new() { Exact = true }).ClickAsync();
    }
}

public sealed class DashboardPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator AvailablePoints => page.GetByTestId("available-points");
    public ILocator AvailableMoney => page.GetByTestId("available-money");
    public ILocator TierName => page.GetByTestId("tier-name");
    public ILocator TierProgress => page.GetByTestId("tier-progress");
    public ILocator EmptyState => page.GetByTestId("empty-state");
}
