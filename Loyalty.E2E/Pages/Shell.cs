using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the interactive shell around every page (the document, the language picker).</summary>
public sealed class Shell(IPage page)
{
    /// <summary>The html element, which carries the page's lang and dir.</summary>
    public ILocator Document => page.Locator("html");

    /// <summary>Waits until the circuit is connected, so clicks reach their handlers.</summary>
    public Task WaitUntilInteractiveAsync() => Expect(page.Locator("body")).ToHaveAttributeAsync("data-interactive", "true");

    public async Task SwitchLanguageAsync(string nativeName)
    {
        await WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Language" }).ClickAsync();
        await page.GetByText(nativeName, new() { Exact = true }).ClickAsync();
    }
}
