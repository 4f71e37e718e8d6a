using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// A real program's first day, on the published app in Production from an empty database: the configured admin turns on
/// two-factor authentication, sets the program up, opens a store, makes a till key and invites a manager, who gets the
/// invitation by SMTP; a person joins through the e-mail they receive, and their first purchase at the new store reaches
/// their dashboard.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class FirstRunTests(ProductionPortal portal)
{
    [Fact]
    public async Task A_program_starts_from_an_empty_database_in_production_and_serves_its_first_member()
    {
        var mailbox = new Mailbox(portal.Smtp);

        // The admin signs in and is sent to turn on two-factor authentication before the console opens.
        var admin = await portal.NewPageAsync();
        await new AccountPages(admin).LoginAsync(ProductionPortal.AdminEmail, ProductionPortal.AdminPassword);
        await admin.GotoAsync("/admin");
        var twoFactor = new TwoFactorPages(admin);
        await Expect(admin).ToHaveURLAsync(new Regex("/Account/Manage/TwoFactorAuthentication$"));
        await twoFactor.TurnOnAsync();
        await admin.GotoAsync("/admin");
        await Expect(new AdminOverviewPage(admin).Heading).ToBeVisibleAsync();

        // An empty program opens on the setup checklist, nothing ticked.
        var checklist = new SetupChecklist(admin);
        await Expect(checklist.Card).ToBeVisibleAsync();
        foreach (var step in Steps) await Expect(checklist.Item(step)).ToHaveAttributeAsync("data-done", "false");
        await portal.ScreenshotAsync(admin, "first-run-checklist");

        // The admin names the program, gives it its colour and headline, and confirms the terms.
        var settings = new AdminSettingsPage(admin);
        await settings.GotoAsync();
        await settings.SaveBrandAsync("Daugava Rewards", "#0B6E4F", "Points for every visit to the old town");
        await settings.SaveTermsAsync();
        await admin.GotoAsync("/admin");
        await new Shell(admin).WaitUntilInteractiveAsync();
        foreach (var step in Steps[..3]) await Expect(checklist.Item(step)).ToHaveAttributeAsync("data-done", "true");
        foreach (var step in Steps[3..]) await Expect(checklist.Item(step)).ToHaveAttributeAsync("data-done", "false");

        // The first store.
        var stores = new AdminStoresPage(admin);
        await stores.GotoAsync();
        await stores.NewStoreAsync();
        await stores.FillStoreAsync("rix-old-town", "Old Town", "Riga", "56.9490", "24.1052");
        await stores.SaveStoreAsync();
        await Expect(stores.State("Old Town")).ToHaveTextAsync("Open");
        await portal.ScreenshotAsync(admin, "first-run-stores");

        // A key for the till.
        var keys = new AdminApiKeysPage(admin);
        await keys.GotoAsync();
        var tillKey = await keys.CreateAsync("Old Town till", "Purchases and returns");

        // A manager is invited, gets the link over SMTP, sets a password, and must turn on 2FA too.
        var staff = new AdminStaffPage(admin);
        await staff.GotoAsync();
        const string managerEmail = "manager@first-run.example";
        await staff.InviteManagerAsync(managerEmail);
        var invitation = await mailbox.WaitForAsync(managerEmail, "invited");
        var manager = await portal.NewPageAsync();
        await manager.GotoAsync(Mailbox.Link(invitation, "/Account/AcceptInvitation"));
        await manager.GetByLabel("Password", new() { Exact = true }).FillAsync("Manager#FirstDay2026");
        await manager.GetByLabel("Confirm password").FillAsync("Manager#FirstDay2026");
        await manager.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await new AccountPages(manager).LoginAsync(managerEmail, "Manager#FirstDay2026");
        await manager.GotoAsync("/admin");
        await Expect(manager).ToHaveURLAsync(new Regex("/Account/Manage/TwoFactorAuthentication$"));
        await staff.GotoAsync();
        await Expect(staff.Person(managerEmail)).ToContainTextAsync("Two-factor off");
        var setupLink = await new TwoFactorPages(manager).TurnOnAsync();
        Assert.Matches("^otpauth://totp/Daugava%20Rewards:manager@first-run.example\\?secret=[A-Z2-7]+&issuer=Daugava%20Rewards", setupLink);
        await manager.GotoAsync("/admin");
        await Expect(new AdminOverviewPage(manager).Heading).ToBeVisibleAsync();
        await staff.GotoAsync();
        await Expect(staff.Person(managerEmail)).ToContainTextAsync("Two-factor on");

        // Every item ticked itself off on the way, so the checklist is gone.
        await admin.GotoAsync("/admin");
        await new Shell(admin).WaitUntilInteractiveAsync();
        await Expect(new AdminOverviewPage(admin).Liability).ToHaveTextAsync("0 pts"); // the overview has loaded its figures
        await Expect(checklist.Card).ToHaveCountAsync(0);

        // A person joins: the confirmation arrives over SMTP, the link confirms, they log in to an empty dashboard.
        const string memberEmail = "ilze@first-run.example";
        var member = await portal.NewPageAsync();
        var account = new AccountPages(member);
        await account.RegisterAsync(memberEmail, "Ilze", "Riga", "Daugava#2026river");
        var confirmation = await mailbox.WaitForAsync(memberEmail, "Confirm your e-mail for Daugava Rewards");
        Assert.StartsWith(portal.BaseUrl + "/", Mailbox.Link(confirmation, "/Account/ConfirmEmail"));
        await account.ConfirmEmailAsync(Mailbox.Link(confirmation, "/Account/ConfirmEmail"));
        await Expect(account.EmailConfirmed).ToBeVisibleAsync();
        await account.LoginAsync(memberEmail, "Daugava#2026river");
        var dashboard = new DashboardPage(member);
        await Expect(member).ToHaveTitleAsync(new Regex("Daugava Rewards"));
        await Expect(dashboard.EmptyState).ToBeVisibleAsync();
        var memberNumber = Regex.Match(await member.GetByText(new Regex(@"Member number LY-\d+")).InnerTextAsync(), @"LY-\d+").Value;

        // The till reports a purchase at the new store; the member sees its points.
        using var till = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", tillKey);
        var purchase = await till.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = "old-town-0001",
            memberNumber,
            amount = 20.00m,
            currency = "EUR",
            storeCode = "rix-old-town",
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            items = new[] { new { sku = "bread-1", category = "groceries", quantity = 2m, price = 10.00m } },
        });
        Assert.True(purchase.StatusCode == HttpStatusCode.Created, $"{purchase.StatusCode}: {await purchase.Content.ReadAsStringAsync()}\n{portal.Output}");
        await member.ReloadAsync();
        await Expect(dashboard.Activity(new Regex("Purchase 20.00 EUR at Old Town"))).ToBeVisibleAsync();
        await Expect(dashboard.PendingPoints).ToHaveTextAsync("100 pts"); // 20 EUR × 5 pts, pending for the program's 14 days
        await Expect(dashboard.EmptyState).ToHaveCountAsync(0);
        await portal.ScreenshotAsync(member, "first-run-member-dashboard");
    }

    private static readonly string[] Steps = ["Name", "CurrencyAndPointValue", "LogoAndColours", "FirstStore", "FirstApiKey", "InviteStaff"];
}
