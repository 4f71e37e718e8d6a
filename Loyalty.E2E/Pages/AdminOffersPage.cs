using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's offers, /admin/offers, with its offer dialog and publish confirmation.</summary>
public sealed class AdminOffersPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    /// <summary>The reach the offer dialog previews ("Reaches ...").</summary>
    public ILocator Reach => Dialog.GetByTestId("offer-reach");

    public ILocator Offer(string title) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = title });

    public ILocator State(string title) => Offer(title).GetByTestId("offer-state");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/offers");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public Task NewOfferAsync() => page.GetByRole(AriaRole.Button, new() { Name = "New offer" }).ClickAsync();

    /// <summary>Fills the open offer dialog.</summary>
    public async Task FillOfferAsync(string title, string type, string value, DateOnly startsOn, IEnumerable<string> tiers, IEnumerable<string> cities)
    {
        await Dialog.GetByLabel("Title").FillAsync(title);
        await ChooseAsync(Dialog.GetByLabel("Offer type"), type);
        await Dialog.GetByLabel("Value").FillAsync(value);
        var starts = Dialog.GetByLabel("Starts on (UTC)");
        await starts.FillAsync(startsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await starts.PressAsync("Tab");
        foreach (var tier in tiers) await ChooseAsync(Dialog.GetByLabel("Tiers"), tier, multiple: true);
        foreach (var city in cities) await ChooseAsync(Dialog.GetByLabel("Cities"), city, multiple: true);
    }

    public Task PreviewReachAsync() => Dialog.GetByRole(AriaRole.Button, new() { Name = "Preview reach" }).ClickAsync();

    public Task SaveOfferAsync() => Dialog.GetByRole(AriaRole.Button, new() { Name = "Save offer" }).ClickAsync();

    /// <summary>Publishes an offer from its row and confirms it in the dialog.</summary>
    public async Task PublishAsync(string title)
    {
        await Offer(title).GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
    }

    private async Task ChooseAsync(ILocator select, string option, bool multiple = false)
    {
        await select.ClickAsync();
        var choice = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await choice.ClickAsync();
        var openList = page.Locator(".mud-popover-open").GetByRole(AriaRole.Option);
        if (multiple)
        {
            // A multi-select stays open after a pick. Close it only once the server has taken the pick, and check it
            // closed: on a slow machine an early Escape can be lost to the re-render and the open list would cover the form.
            await Expect(choice).ToHaveAttributeAsync("aria-selected", "true");
            for (var attempt = 0; attempt < 5 && await openList.CountAsync() > 0; attempt++)
            {
                // Escape is read by the select; if the key was lost, a click outside the list (on its overlay) closes it too.
                if (attempt % 2 == 0) await page.Keyboard.PressAsync("Escape");
                else await page.Mouse.ClickAsync(5, 5);
                try { await Expect(openList).ToHaveCountAsync(0, new() { Timeout = 2_000 }); }
                catch (Exception e) when (e is PlaywrightException or TimeoutException) { }
            }
        }
        await Expect(openList).ToHaveCountAsync(0);
    }
}
