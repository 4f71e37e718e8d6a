using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>An admin invites a partner's user, who sets a password, lands on the portal, makes a key and sees its purchase.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class PartnerPortalTests(PortalServer server)
{
    [Fact]
    public async Task An_invited_partner_user_makes_a_key_whose_purchase_shows_in_the_partners_figures()
    {
        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var partners = new AdminPartnersPage(admin);
        await partners.GotoAsync();
        var email = $"gate-{Guid.NewGuid():N}@skyjet.example";
        await partners.InviteUserAsync("SkyJet", email);

        var user = await server.NewPageAsync();
        await user.GotoAsync(await InvitationLinkAsync(email));
        await user.GetByLabel("Password", new() { Exact = true }).FillAsync("SkyJet#Gate2026");
        await user.GetByLabel("Confirm password").FillAsync("SkyJet#Gate2026");
        await user.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await new AccountPages(user).LoginAsync(email, "SkyJet#Gate2026");
        var portal = new PartnerPortalPages(user);
        await Expect(user).ToHaveURLAsync(new Regex("/partner$"));
        await Expect(portal.PartnerName).ToHaveTextAsync("SkyJet");

        await portal.GotoKeysAsync();
        var key = await portal.CreateKeyAsync("Gate B till", "Purchases and returns");
        await Expect(portal.KeyRow("Gate B till")).ToBeVisibleAsync();
        await ScreenshotAsync(user, "partner-keys");

        using var till = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", key);
        var purchase = await till.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"gate-{Guid.NewGuid():N}",
            memberNumber = await DemoMemberNumberAsync(),
            amount = 50.00m,
            currency = "EUR",
            storeCode = "skyjet-riga-airport",
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            items = new[] { new { sku = "seat-1", category = "travel", quantity = 1m, price = 50.00m } },
        });
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);

        await portal.GotoOverviewAsync();
        await Expect(portal.Figure("Purchases at your stores")).ToHaveTextAsync("1");
        await ScreenshotAsync(user, "partner-overview");
        await user.GotoAsync("/admin");
        await Expect(user).ToHaveURLAsync(new Regex("/Account/AccessDenied"));
    }

    private async Task<string> InvitationLinkAsync(string email)
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == email);
        return WebUtility.HtmlDecode(Href().Match(mail.HtmlBody).Groups[1].Value);
    }

    private async Task<string> DemoMemberNumberAsync()
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await db.Members.Join(db.Users.Where(u => u.Email == SeedOptions.DemoMemberEmail), m => m.UserId, u => u.Id, (m, _) => m.MemberNumber!).SingleAsync();
    }

    /// <summary>Desktop screenshots to look at when LOYALTY_E2E_SCREENSHOTS names a folder.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LOYALTY_E2E_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-desktop.png"), FullPage = true });
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
