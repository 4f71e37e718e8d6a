using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

/// <summary>
/// A coalition partner from its first day: the admin creates it with a store and a reward it funds and invites its user,
/// who makes a key; a purchase through it earns at the partner's rate, a member spends points on the partner's reward, and
/// the partner's user downloads the month's statement, whose figures are the ledger's.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class PartnerPortalTests(PortalServer server)
{
    [Fact]
    public async Task A_new_partners_user_makes_a_key_its_purchase_earns_at_its_rate_and_the_months_statement_csv_matches_the_ledger()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (partnerName, storeName, storeCode, rewardName) = ($"Baltic Cinema {suffix}", $"Cinema Alfa {suffix}", $"cin-{suffix}", $"Cinema ticket {suffix}");

        // The admin opens the partner's store, creates the partner with its terms, a reward it funds, and invites its user.
        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var stores = new AdminStoresPage(admin);
        await stores.GotoAsync();
        await stores.NewStoreAsync();
        await stores.FillStoreAsync(storeCode, storeName, "Riga", "56.9236", "24.1615");
        await stores.SaveStoreAsync();
        var partners = new AdminPartnersPage(admin);
        await partners.GotoAsync();
        await partners.CreateAsync(partnerName, "Ilze Kalna", "ilze@cinema.example", "4", "0.02", "0.015", storeName);
        var rewards = new AdminRewardsPage(admin);
        await rewards.GotoAsync();
        await rewards.CreateAsync(rewardName, "One 2D screening at any Baltic Cinema", 200, fundedBy: partnerName);
        await partners.GotoAsync();
        var email = $"desk-{suffix}@cinema.example";
        await partners.InviteUserAsync(partnerName, email);

        // The partner's user sets a password from the invitation, lands on the portal and makes a key for its till.
        var user = await server.NewPageAsync();
        await user.GotoAsync(await InvitationLinkAsync(email));
        await user.GetByLabel("Password", new() { Exact = true }).FillAsync("Cinema#Desk2026");
        await user.GetByLabel("Confirm password").FillAsync("Cinema#Desk2026");
        await user.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await new AccountPages(user).LoginAsync(email, "Cinema#Desk2026");
        var portal = new PartnerPortalPages(user);
        await Expect(user).ToHaveURLAsync(new Regex("/partner$"));
        await Expect(portal.PartnerName).ToHaveTextAsync(partnerName);
        await portal.GotoKeysAsync();
        var key = await portal.CreateKeyAsync("Box office", "Purchases and returns");
        await Expect(portal.KeyRow("Box office")).ToBeVisibleAsync();
        await ScreenshotAsync(user, "partner-keys");

        // A purchase through the key earns at the partner's rate (4 pts per EUR, times the member's tier).
        var memberNumber = await DemoMemberNumberAsync();
        using var till = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        till.DefaultRequestHeaders.Add("X-Api-Key", key);
        var purchase = await till.PostAsJsonAsync("/api/v1/transactions", new
        {
            externalId = $"box-{suffix}",
            memberNumber,
            amount = 50.00m,
            currency = "EUR",
            storeCode,
            occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            items = new[] { new { sku = "ticket-2d", category = "entertainment", quantity = 2m, price = 25.00m } },
        });
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);
        var receipt = JsonDocument.Parse(await purchase.Content.ReadAsStringAsync()).RootElement;
        var earned = receipt.GetProperty("points").GetInt64();
        Assert.Contains($"Purchase 50.00 EUR at {partnerName} (partner): 50 × 4 pts", receipt.GetProperty("reason").GetString());

        // The member spends points on the partner's reward, marked as the partner's.
        var member = await server.NewPageAsync();
        await new AccountPages(member).LoginAsync(SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        var catalog = new RewardsPage(member);
        await catalog.GotoAsync();
        await Expect(catalog.Reward(rewardName).GetByTestId("partner")).ToContainTextAsync(partnerName);
        await catalog.RedeemAsync(rewardName);
        await Expect(catalog.VoucherCode).ToBeVisibleAsync();
        await catalog.CloseVoucherAsync();

        // The partner's user reads the month's statement and downloads it: its figures are the ledger's.
        await portal.GotoStatementsAsync();
        var issuedAmount = earned * 0.02m;
        await Expect(portal.PartnerOwes).ToHaveTextAsync(new Regex(Regex.Escape(issuedAmount.ToString("0.00", CultureInfo.InvariantCulture))));
        await Expect(portal.ProgramOwes).ToHaveTextAsync(new Regex(Regex.Escape("3.00"))); // 200 pts × 0.015
        await ScreenshotAsync(user, "partner-statement");
        var csv = Summary(await portal.DownloadStatementCsvAsync());

        var ledger = await LedgerOfAsync(partnerName);
        Assert.Equal(earned, ledger.Issued);
        Assert.Equal(200, ledger.Redeemed);
        Assert.Equal(ledger.Issued.ToString(CultureInfo.InvariantCulture), csv["net_points_issued"]);
        Assert.Equal(ledger.Redeemed.ToString(CultureInfo.InvariantCulture), csv["net_points_redeemed"]);
        Assert.Equal(issuedAmount.ToString("0.00", CultureInfo.InvariantCulture), csv["partner_owes"]);
        Assert.Equal("3.00", csv["program_owes"]);
        Assert.Equal(earned * 0.02m > 3.00m ? "partner" : "program", csv["payer"]);

        // Its user sees nothing of the console.
        await user.GotoAsync("/admin");
        await Expect(user).ToHaveURLAsync(new Regex("/Account/AccessDenied"));
    }

    /// <summary>The (name, value) rows above the entries in a statement CSV.</summary>
    private static Dictionary<string, string> Summary(string csv) =>
        csv.Split('\n').Select(l => l.Trim('\r', '\uFEFF')).TakeWhile(l => l.Length > 0 && l != "\"\"").Skip(1)
            .Select(l => l.Split(',', 2)).ToDictionary(p => p[0], p => p[1].Trim('"'));

    /// <summary>What the ledger holds for the partner: points issued at its stores and spent on its rewards, net.</summary>
    private async Task<(long Issued, long Redeemed)> LedgerOfAsync(string partnerName)
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var partnerId = await db.Partners.Where(p => p.Name == partnerName).Select(p => p.Id).SingleAsync();
        var entries = await db.LedgerEntries.Where(e => e.PartnerId == partnerId).Select(e => new { e.Kind, e.Points }).ToListAsync();
        return (entries.Where(e => e.Kind is Domain.Ledger.LedgerEntryKind.Earn or Domain.Ledger.LedgerEntryKind.Reverse).Sum(e => e.Points),
            -entries.Where(e => e.Kind is Domain.Ledger.LedgerEntryKind.Redeem or Domain.Ledger.LedgerEntryKind.Refund).Sum(e => e.Points));
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

    /// <summary>
    /// Desktop and phone-width screenshots to look at when LOYALTY_E2E_SCREENSHOTS names a folder; the phone one loads the
    /// page afresh at 390 px in the same session, as a phone would open it.
    /// </summary>
    internal static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LOYALTY_E2E_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-desktop.png"), FullPage = true });
        var phone = await page.Context.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        await phone.GotoAsync(page.Url);
        await new Shell(phone).WaitUntilInteractiveAsync();
        await phone.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-phone.png"), FullPage = true });
        await phone.CloseAsync();
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
