using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's Plus page, /plus, and the test gateway's checkout page it sends them to.</summary>
public sealed class PlusPage(IPage page)
{
    public ILocator State => page.GetByTestId("plus-state");
    public ILocator When => page.GetByTestId("plus-when");
    public ILocator Notice => page.GetByTestId("plus-notice");
    public ILocator Receipts => page.GetByTestId("plus-receipts");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/plus");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Subscribes to the plan and lands on the test checkout.</summary>
    public async Task SubscribeAsync(string plan)
    {
        await page.GetByTestId("plus-plan").Filter(new() { HasText = plan }).GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync("**/plus/test-checkout/**");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>A button of the test checkout: Approve, Decline or Fail; back on /plus afterwards.</summary>
    public async Task PayAsync(string choice)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = choice, Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/plus?checkout=*");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Cancels, confirming in the dialog.</summary>
    public async Task CancelAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel Plus" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel Plus" }).ClickAsync();
    }
}
