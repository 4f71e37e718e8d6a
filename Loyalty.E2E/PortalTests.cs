using System.Net;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed partial class PortalTests(PortalServer server)
{
    [Fact]
    public async Task A_new_user_registers_confirms_the_email_from_the_outbox_logs_in_and_sees_the_dashboard()
    {
        var page = await server.NewPageAsync();
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        var account = new AccountPages(page);

        await account.RegisterAsync(email, "Leyla E2E", "Baku", "Caspian#2026sea");
        var link = await ConfirmationLinkAsync(email);
        await account.ConfirmEmailAsync(link);
        await Expect(account.EmailConfirmed).ToBeVisibleAsync();
        await account.LoginAsync(email, "Caspian#2026sea");

        var dashboard = new DashboardPage(page);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(dashboard.Heading).ToHaveTextAsync("Hello, Leyla E2E");
        await Expect(dashboard.EmptyState).ToBeVisibleAsync();
        await Expect(dashboard.AvailablePoints).ToHaveTextAsync("0 pts");
        await Expect(dashboard.TierName).ToHaveTextAsync("Bronze");
    }

    [Fact]
    public async Task The_demo_member_logs_in_and_sees_a_balance_with_its_money_value_and_a_tier()
    {
        var page = await server.NewPageAsync();

        await new AccountPages(page).LoginAsync("demo@loyalty.local", "Demo#Loyalty2026");

        var dashboard = new DashboardPage(page);
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"));
        await Expect(dashboard.AvailablePoints).ToHaveTextAsync(new Regex(@"^[1-9][\d,]* pts$"));
        await Expect(dashboard.AvailableMoney).ToHaveTextAsync(new Regex(@"≈ [\d,]+\.\d\d EUR"));
        await Expect(dashboard.TierName).ToHaveTextAsync(new Regex("Silver|Gold|Platinum"));
        await Expect(dashboard.EmptyState).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_admin_logs_in_and_reaches_the_program_overview()
    {
        var page = await server.NewPageAsync();

        await new AccountPages(page).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");

        var overview = new AdminOverviewPage(page);
        await Expect(page).ToHaveURLAsync(new Regex("/admin$"));
        await Expect(overview.Heading).ToBeVisibleAsync();
        await Expect(overview.Liability).ToHaveTextAsync(new Regex(@"^[1-9][\d,]* pts$"));
    }

    [Fact]
    public async Task Switching_to_Persian_lays_the_page_out_right_to_left()
    {
        var page = await server.NewPageAsync(390, 844);
        var home = new HomePage(page);
        var shell = new Shell(page);
        await home.GotoAsync();
        await Expect(shell.Document).ToHaveAttributeAsync("dir", "ltr");

        await shell.SwitchLanguageAsync("فارسی");

        await Expect(shell.Document).ToHaveAttributeAsync("dir", "rtl");
        await Expect(shell.Document).ToHaveAttributeAsync("lang", "fa");
        await Expect(home.Heading).ToHaveTextAsync("هر خرید شما را نزدیک‌تر می‌کند");
    }

    private async Task<string> ConfirmationLinkAsync(string email)
    {
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == email);
        return WebUtility.HtmlDecode(Href().Match(mail.HtmlBody).Groups[1].Value);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
