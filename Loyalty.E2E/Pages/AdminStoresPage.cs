using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's stores, /admin/stores, with its store dialog and close/reopen confirmations.</summary>
public sealed class AdminStoresPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Stores", Level = 1 });

    public ILocator Store(string name) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });

    public ILocator State(string name) => Store(name).GetByTestId("store-state");

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/stores");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    public Task SearchAsync(string text) => page.GetByLabel("Search stores").FillAsync(text);

    public Task NewStoreAsync() => page.GetByRole(AriaRole.Button, new() { Name = "New store" }).ClickAsync();

    /// <summary>Fills the open store dialog; the code only when the store is new.</summary>
    public async Task FillStoreAsync(string? code, string name, string city, string latitude, string longitude, string? openingHours = null)
    {
        if (code is not null) await Dialog.GetByLabel("Code").FillAsync(code);
        await Dialog.GetByLabel("Name").FillAsync(name);
        await Dialog.GetByLabel("City").FillAsync(city);
        await Dialog.GetByLabel("Latitude").FillAsync(latitude);
        await Dialog.GetByLabel("Longitude").FillAsync(longitude);
        if (openingHours is not null) await Dialog.GetByLabel("Opening hours").FillAsync(openingHours);
    }

    public async Task SaveStoreAsync()
    {
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Save store" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>Closes a store from its row and confirms it in the dialog.</summary>
    public async Task CloseStoreAsync(string name)
    {
        // The table may still re-render from the search (debounced) when the row's button is clicked, so the click can land
        // on a row that is being replaced: click again until the confirmation is open (bounded).
        for (var attempt = 1; ; attempt++)
        {
            await Store(name).GetByRole(AriaRole.Button, new() { Name = "Close store" }).ClickAsync();
            try
            {
                await Dialog.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 3_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 4)
            {
            }
        }
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Close store" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
    }
}
