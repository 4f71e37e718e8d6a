using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>The setup checklist on the admin overview of a program still being set up.</summary>
public sealed class SetupChecklist(IPage page)
{
    public ILocator Card => page.GetByTestId("setup-checklist");

    /// <summary>An item by its step (Name, CurrencyAndPointValue, LogoAndColours, FirstStore, FirstApiKey, InviteStaff); data-done says whether it is ticked.</summary>
    public ILocator Item(string step) => page.GetByTestId($"setup-{step}");
}
