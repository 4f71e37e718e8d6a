using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's staff page, /admin/staff: invitations and roles.</summary>
public sealed class AdminStaffPage(IPage page)
{
    public ILocator Person(string email) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/admin/staff");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Invites a person in the role the form starts with (Manager).</summary>
    public async Task InviteManagerAsync(string email)
    {
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(Person(email)).ToContainTextAsync("Invited");
    }
}
