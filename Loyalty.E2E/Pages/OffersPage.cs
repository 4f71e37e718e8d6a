using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's offers, /offers.</summary>
public sealed class OffersPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Offers for you" });

    public ILocator Offer(string title) => page.GetByTestId("offer-card").Filter(new() { HasText = title });

    /// <summary>The notice shown when an offer for this member goes live while the page is open.</summary>
    public ILocator NewOfferNotice(string title) => page.GetByText($"New offer for you: {title}");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/offers");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public async Task ReloadAsync()
    {
        await page.ReloadAsync();
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public Task ActivateAsync(string title) => Offer(title).GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
}
