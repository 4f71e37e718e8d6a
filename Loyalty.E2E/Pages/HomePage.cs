using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the public home page, /.</summary>
public sealed class HomePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public async Task GotoAsync() => await page.GotoAsync("/");
}
