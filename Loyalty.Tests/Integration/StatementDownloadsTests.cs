using System.Net;
using System.Security.Claims;
using System.Text;
using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>An app of its own without the demo program (the statements' users sign in and out of it).</summary>
public sealed class StatementDownloadsApp() : LoyaltyAppFactory();

/// <summary>The statement CSV and printable page: figures equal to the ledger, and only staff and the partner's own users see them.</summary>
public sealed class StatementDownloadsTests(StatementDownloadsApp app) : IClassFixture<StatementDownloadsApp>
{
    private const string Password = "Partner#Passw0rd";
    private static SettlementMonth ThisMonth => SettlementMonth.Of(DateTimeOffset.UtcNow);

    private async Task<SettlementPartner> PartnerWithActivityAsync()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 1_000);
        var purchase = await SettlementWorld.BuyAsync(app, number, partner, 40m, DateTimeOffset.UtcNow.AddMinutes(-2)); // 80 pts
        await SettlementWorld.ReturnAsync(app, purchase, 10m); // 20 back
        await SettlementWorld.RedeemAsync(app, memberId, partner); // 100
        return partner;
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, email, password);
        return client;
    }

    private async Task<HttpClient> UserAsync(string role, int? partnerId = null)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        if (partnerId is { } id) await users.AddClaimAsync(user, new Claim(LoyaltyClaims.PartnerId, id.ToString()));
        return await SignedInAsync(email, Password);
    }

    private static string CsvUrl(SettlementPartner p) => $"/statements/{p.Id}/{ThisMonth}.csv";
    private static string PrintUrl(SettlementPartner p) => $"/statements/{p.Id}/{ThisMonth}/print";

    [Fact]
    public async Task The_csv_gives_the_ledger_figures_and_one_row_per_entry_with_the_member_number_only()
    {
        var partner = await PartnerWithActivityAsync();
        var admin = await SignedInAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var response = await admin.GetAsync(CsvUrl(partner));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.TrimEntries);
        // The summary table, a line with one empty field, the entries' table.
        static bool Blank(string line) => line is "" or "\"\"";
        var summary = lines.TakeWhile(l => !Blank(l)).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        var ledger = await SettlementWorld.LedgerSumsAsync(app, partner.Id);
        Assert.Equal(new SettlementPoints(80, 20, 100, 0), ledger);
        Assert.Equal((ledger.Issued, ledger.Returned, ledger.NetIssued, ledger.Redeemed, ledger.NetRedeemed),
            (long.Parse(summary["points_issued"]), long.Parse(summary["points_returned"]), long.Parse(summary["net_points_issued"]),
                long.Parse(summary["points_redeemed"]), long.Parse(summary["net_points_redeemed"])));
        // 60 × 0.01 = 0.60 owed by the partner, 100 × 0.008 = 0.80 by the program: the program pays 0.20.
        Assert.Equal(("0.60", "0.80", "0.20", "program", "open"), (summary["partner_owes"], summary["program_owes"], summary["balance"], summary["payer"], summary["status"]));
        var entries = lines.SkipWhile(l => !Blank(l)).Skip(1).Where(l => !Blank(l)).ToList();
        Assert.Equal("entry_id,occurred_at_utc,member_number,kind,points,correction_for", entries[0]);
        Assert.Equal(["Earn:80", "Redeem:-100", "Reverse:-20"], entries.Skip(1).Select(e => e.Split(',')).Select(f => $"{f[3]}:{f[4]}").Order());
        Assert.All(entries.Skip(1), e => Assert.StartsWith("LY-", e.Split(',')[2]));
        Assert.DoesNotContain("Test Member", string.Join('\n', lines));
    }

    [Fact]
    public async Task The_printable_page_shows_the_statement_without_the_app_chrome()
    {
        var partner = await PartnerWithActivityAsync();
        var admin = await SignedInAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var html = await (await admin.GetAsync(PrintUrl(partner))).Content.ReadAsStringAsync();

        Assert.Contains($"Statement of {partner.Name} for {ThisMonth}", html);
        Assert.Contains("0.60 EUR", html);
        Assert.Contains("The program pays", html);
        Assert.Contains("@media print", html);
        Assert.DoesNotContain("mud-layout", html);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    [Fact]
    public async Task A_partner_user_gets_its_own_statement_and_404_for_another_partners_csv_and_print_page()
    {
        var mine = await PartnerWithActivityAsync();
        var other = await PartnerWithActivityAsync();
        var user = await UserAsync(Roles.Partner, mine.Id);

        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(CsvUrl(mine))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(PrintUrl(mine))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync(CsvUrl(other))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync(PrintUrl(other))).StatusCode);
        // A partner that does not exist answers the same as one that is not theirs.
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/statements/999999/{ThisMonth}.csv")).StatusCode);
    }

    [Fact]
    public async Task A_member_a_partner_user_without_a_partner_and_an_anonymous_visitor_are_refused()
    {
        var partner = await PartnerWithActivityAsync();
        var member = await UserAsync(Roles.Member);
        var partnerless = await UserAsync(Roles.Partner);

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(CsvUrl(partner))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(PrintUrl(partner))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partnerless.GetAsync(CsvUrl(partner))).StatusCode);
        var anonymous = await app.CreateBrowserlessClient().GetAsync(CsvUrl(partner));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), anonymous.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_month_that_is_not_a_month_is_not_found()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var admin = await SignedInAsync(SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/statements/{partner.Id}/2026-13.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/statements/{partner.Id}/last/print")).StatusCode);
    }
}
