using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's points activity, /activity.</summary>
public sealed class ActivityPage(IPage page)
{
    /// <summary>The reason of every ledger entry shown.</summary>
    public ILocator Reasons => page.GetByTestId("ledger-reason");

    /// <summary>The ledger's cells whose whole text is <paramref name="text"/> (a kind such as "Redeemed").</summary>
    public ILocator Cells(string text) => page.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/activity");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task FilterByKindAsync(string kind)
    {
        await page.GetByLabel("Kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = kind, Exact = true }).ClickAsync();
    }
}
