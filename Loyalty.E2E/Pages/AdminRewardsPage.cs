using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's reward catalog, /admin/rewards, with its reward dialog.</summary>
public sealed class AdminRewardsPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Reward(string name) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/rewards");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Creates a reward costing some points, funded by a partner when one is named.</summary>
    public async Task CreateAsync(string name, string description, long cost, string? fundedBy = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New reward" }).ClickAsync();
        await Dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Dialog.GetByLabel("Description").FillAsync(description);
        await Dialog.GetByLabel("Cost (points)").FillAsync(cost.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (fundedBy is not null)
        {
            await Dialog.GetByLabel("Funded by partner").ClickAsync();
            await page.GetByRole(AriaRole.Option).Filter(new() { HasText = fundedBy }).ClickAsync();
        }
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(Reward(name)).ToBeVisibleAsync();
    }
}
