using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's partners, /admin/partners: the partner dialog and a partner's users.</summary>
public sealed class AdminPartnersPage(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Row(string partner) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = partner });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/partners");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Creates a partner with its terms and the stores it owns (their names as the store select lists them).</summary>
    public async Task CreateAsync(string name, string contact, string email, string pointsPerUnit, string priceIssued, string priceRedeemed,
        params string[] stores)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New partner" }).ClickAsync();
        await Dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await Dialog.GetByLabel("Contact person").FillAsync(contact);
        await Dialog.GetByLabel("Contact e-mail").FillAsync(email);
        await Dialog.GetByLabel("Earn rate").FillAsync(pointsPerUnit);
        await Dialog.GetByLabel("Price per point issued").FillAsync(priceIssued);
        await Dialog.GetByLabel("Price per point redeemed").FillAsync(priceRedeemed);
        if (stores.Length > 0)
        {
            await Dialog.GetByLabel("Stores").ClickAsync();
            foreach (var store in stores)
                await page.GetByRole(AriaRole.Option).Filter(new() { HasText = store }).ClickAsync();
            await page.Keyboard.PressAsync("Escape");
        }
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Save partner" }).ClickAsync();
        await Expect(Dialog).ToHaveCountAsync(0);
        await Expect(Row(name)).ToBeVisibleAsync();
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
