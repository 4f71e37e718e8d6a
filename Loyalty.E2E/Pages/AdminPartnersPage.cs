using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's partners page, /admin/partners: here, a partner's users.</summary>
public sealed class AdminPartnersPage(IPage page)
{
    public ILocator Row(string partner) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = partner });

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/partners");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Opens the partner's users and invites a person by e-mail.</summary>
    public async Task InviteUserAsync(string partner, string email)
    {
        await Row(partner).GetByRole(AriaRole.Button, new() { Name = "Users" }).ClickAsync();
        await Dialog.GetByLabel("E-mail").FillAsync(email);
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(Dialog.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Invited");
    }
}
