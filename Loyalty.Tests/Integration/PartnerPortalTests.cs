using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.PartnerPortal;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Partner users are invited by an admin, carry their partner in a claim and see only that partner in the portal.</summary>
public sealed class PartnerPortalTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private const string Admin = SeedOptions.DevelopmentAdminEmail;

    private ManagePartnerUsers Users => app.Services.GetRequiredService<ManagePartnerUsers>();

    private static string Location(HttpResponseMessage response) => new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath;

    private async Task<string> HtmlAsync(HttpClient client, string path)
    {
        var page = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_invited_partner_user_sets_a_password_lands_on_the_portal_and_carries_the_partner_claim_but_no_member_or_staff_role()
    {
        var partner = await PartnerUserFactory.PartnerAsync(app);
        var email = $"{PartnerUserFactory.Unique("invited")}@partner.example";

        await Users.InviteAsync(partner.Id, email, Admin, "http://localhost/");
        Assert.Equal([(email, true)], (await Users.ListAsync(partner.Id)).Select(r => (r.Email, r.Invited)));
        var accepted = await PartnerUserFactory.AcceptAsync(app, await PartnerUserFactory.InvitationPathAsync(app, email));
        Assert.Equal("/Account/Login", Location(accepted));
        var client = app.CreateBrowserlessClient();
        var login = await FormPoster.LoginAsync(client, email, PartnerUserFactory.Password);

        Assert.Equal("/partner", Location(login));
        Assert.Contains(partner.Name, await HtmlAsync(client, "/partner"));
        Assert.Equal([(email, false)], (await Users.ListAsync(partner.Id)).Select(r => (r.Email, r.Invited)));
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        Assert.Equal(partner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), principal.FindFirstValue(LoyaltyClaims.PartnerId));
        Assert.Equal(partner.Id, principal.PartnerId());
        Assert.Equal([Roles.Partner], await users.GetRolesAsync(user));
        Assert.False(await app.WithDbAsync(db => db.Members.AnyAsync(m => m.UserId == user.Id)));
        Assert.DoesNotContain(await app.Services.GetRequiredService<ManageStaff>().ListAsync(), r => r.Email == email);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "partner-user.invited" && a.Subject == $"user:{email}" && a.Actor == Admin)));
    }

    [Fact]
    public async Task A_member_without_the_partner_role_has_no_partner_even_with_a_forged_claim()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Member), new Claim(LoyaltyClaims.PartnerId, "1")], "test"));

        Assert.Null(forged.PartnerId());
        Assert.Equal("partner-portal.no-partner", Assert.Throws<DomainException>(() => forged.RequirePartnerId()).Code);
    }

    [Fact]
    public async Task A_resent_invitation_spends_the_old_link_and_revoked_access_closes_the_portal()
    {
        var partner = await PartnerUserFactory.PartnerAsync(app);
        var email = $"{PartnerUserFactory.Unique("resent")}@partner.example";
        await Users.InviteAsync(partner.Id, email, Admin, "http://localhost/");
        var first = await PartnerUserFactory.InvitationPathAsync(app, email);
        var userId = (await Users.ListAsync(partner.Id)).Single().UserId;

        await Users.ResendInvitationAsync(partner.Id, userId, Admin, "http://localhost/");
        var second = await PartnerUserFactory.InvitationPathAsync(app, email);

        Assert.NotEqual(first, second);
        Assert.Contains("This invitation link is not valid any more", await (await PartnerUserFactory.AcceptAsync(app, first)).Content.ReadAsStringAsync());
        Assert.Equal("/Account/Login", Location(await PartnerUserFactory.AcceptAsync(app, second)));

        // Another partner's admin screen cannot reach this user: the same answer as for nobody.
        var other = await PartnerUserFactory.PartnerAsync(app);
        Assert.Equal("partner-user.not-found", (await Assert.ThrowsAsync<DomainException>(() => Users.RevokeAsync(other.Id, userId, Admin))).Code);

        await Users.RevokeAsync(partner.Id, userId, Admin);
        var client = app.CreateBrowserlessClient();
        var login = await FormPoster.LoginAsync(client, email, PartnerUserFactory.Password);
        Assert.NotEqual("/partner", Location(login));
        var portal = await client.GetAsync("/partner", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);
        Assert.Equal("/Account/AccessDenied", portal.Headers.Location!.AbsolutePath);
        Assert.Empty(await Users.ListAsync(partner.Id));
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.PartnerId).SingleAsync()));
    }

    [Fact]
    public async Task An_address_that_already_has_an_account_is_not_invited_as_a_partner_user()
    {
        var partner = await PartnerUserFactory.PartnerAsync(app);

        var member = await Assert.ThrowsAsync<DomainException>(() => Users.InviteAsync(partner.Id, SeedOptions.DemoMemberEmail, Admin, "http://localhost/"));
        var staff = await Assert.ThrowsAsync<DomainException>(() => Users.InviteAsync(partner.Id, Admin, Admin, "http://localhost/"));
        var nobody = await Assert.ThrowsAsync<DomainException>(() => Users.InviteAsync(-1, "someone@partner.example", Admin, "http://localhost/"));

        Assert.Equal(("partner-user.email-taken", "partner-user.email-taken", "partner.not-found"), (member.Code, staff.Code, nobody.Code));
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "someone@partner.example")));
    }

    [Fact]
    public async Task A_partner_user_cannot_be_made_staff()
    {
        var partner = await PartnerUserFactory.PartnerAsync(app);
        var (_, email) = await PartnerUserFactory.SignedInUserAsync(app, partner.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.Services.GetRequiredService<ManageStaff>().InviteAsync(email, Roles.Manager, Admin, "http://localhost/"));

        Assert.Equal("staff.partner-user", refused.Code);
        Assert.DoesNotContain(await app.Services.GetRequiredService<ManageStaff>().ListAsync(), r => r.Email == email);
    }

    [Fact]
    public async Task The_statements_page_shows_this_months_statement_of_the_own_partner_only_with_no_close_button()
    {
        var a = await PartnerUserFactory.PartnerAsync(app, rate: 3m);
        var b = await PartnerUserFactory.PartnerAsync(app, rate: 7m);
        var (_, atA) = await MemberFactory.RegisterAsync(app);
        var (_, atB) = await MemberFactory.RegisterAsync(app);
        var aTill = await ApiClient.CreateAsync(app, ApiScopes.Transactions, a.Id);
        var bTill = await ApiClient.CreateAsync(app, ApiScopes.Transactions, b.Id);
        Assert.Equal(HttpStatusCode.Created, (await aTill.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(atA, 10m, store: a.StoreCode),
            TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bTill.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(atB, 20m, store: b.StoreCode),
            TestContext.Current.CancellationToken)).StatusCode);
        var (client, _) = await PartnerUserFactory.SignedInUserAsync(app, a.Id);

        var page = await HtmlAsync(client, "/partner/statements");

        Assert.Contains(atA, page);
        Assert.DoesNotContain(atB, page);
        Assert.Contains($"/statements/{a.Id}/", page); // the CSV and print links of its own partner
        Assert.DoesNotContain($"/statements/{b.Id}/", page);
        Assert.DoesNotContain("Close month", page);
    }

    [Fact]
    public async Task The_portal_shows_this_months_figures_and_keys_of_the_own_partner_only()
    {
        var a = await PartnerUserFactory.PartnerAsync(app, rate: 3m);
        var b = await PartnerUserFactory.PartnerAsync(app, rate: 7m);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var aTill = await ApiClient.CreateAsync(app, ApiScopes.Transactions, a.Id);
        var bTill = await ApiClient.CreateAsync(app, ApiScopes.Transactions, b.Id);
        Assert.Equal(HttpStatusCode.Created, (await aTill.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: a.StoreCode),
            TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bTill.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: b.StoreCode),
            TestContext.Current.CancellationToken)).StatusCode);
        var keys = app.Services.GetRequiredService<PartnerApiKeys>();
        await keys.CreateAsync(a.Id, "A's own till", ApiScopes.Transactions, "a@partner.example");
        await keys.CreateAsync(b.Id, "B's secret till", ApiScopes.Transactions, "b@partner.example");
        var (client, _) = await PartnerUserFactory.SignedInUserAsync(app, a.Id);

        var overview = (await app.Services.GetRequiredService<GetPartnerOverview>().HandleAsync(a.Id))!;
        var home = await HtmlAsync(client, "/partner");
        var keysPage = await HtmlAsync(client, "/partner/api-keys");

        Assert.Equal((1, 30L), (overview.Purchases, overview.PointsIssued)); // 10 EUR × 3, not B's 20 × 7
        Assert.Equal([a.StoreCode], overview.Stores.Select(s => s.Code));
        Assert.Contains(a.Name, home);
        Assert.Contains(a.StoreCode, home);
        Assert.DoesNotContain(b.Name, home);
        Assert.DoesNotContain(b.StoreCode, home);
        Assert.Contains("A's own till", keysPage);
        Assert.DoesNotContain("B's secret till", keysPage);
        Assert.All(await keys.ListAsync(a.Id), k => Assert.Equal(a.Id, k.PartnerId));
    }

    [Fact]
    public async Task Revoking_another_partners_key_is_refused_as_not_found_and_the_key_keeps_working()
    {
        var a = await PartnerUserFactory.PartnerAsync(app);
        var b = await PartnerUserFactory.PartnerAsync(app);
        var keys = app.Services.GetRequiredService<PartnerApiKeys>();
        await keys.CreateAsync(b.Id, "B's till", ApiScopes.Transactions, "b@partner.example");
        var bKey = (await keys.ListAsync(b.Id)).Single();

        var refused = await Assert.ThrowsAsync<DomainException>(() => keys.RevokeAsync(a.Id, bKey.Id, "a@partner.example"));
        var missing = await Assert.ThrowsAsync<DomainException>(() => keys.RevokeAsync(a.Id, Guid.NewGuid(), "a@partner.example"));

        Assert.Equal((missing.Code, missing.Kind, missing.Message), (refused.Code, refused.Kind, refused.Message));
        Assert.Equal(RefusalKind.NotFound, refused.Kind);
        Assert.Null(await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == bKey.Id).Select(k => k.RevokedAt).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "api-key.revoked" && e.Subject == $"api-key:{bKey.Lookup}")));

        await keys.RevokeAsync(b.Id, bKey.Id, "b@partner.example");
        Assert.NotNull(await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == bKey.Id).Select(k => k.RevokedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_key_made_in_the_portal_belongs_to_the_partner_and_posts_only_at_its_stores()
    {
        var a = await PartnerUserFactory.PartnerAsync(app, rate: 3m);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var keys = app.Services.GetRequiredService<PartnerApiKeys>();

        var secret = await keys.CreateAsync(a.Id, "Portal till", ApiScopes.Transactions, "a@partner.example", new ApiKeyLimits(DateTimeOffset.UtcNow.AddDays(30)));
        var till = app.CreateClient();
        till.DefaultRequestHeaders.Add("X-Api-Key", secret);
        var atOwn = await till.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: a.StoreCode), TestContext.Current.CancellationToken);
        var atProgram = await till.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m), TestContext.Current.CancellationToken);

        var row = Assert.Single(await keys.ListAsync(a.Id));
        Assert.Equal(("Portal till", a.Id), (row.Name, row.PartnerId));
        Assert.NotNull(row.ExpiresAt);
        Assert.Equal(HttpStatusCode.Created, atOwn.StatusCode);
        Assert.Equal(30, (await atOwn.JsonAsync()).GetProperty("points").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, atProgram.StatusCode);
    }

    [Fact]
    public async Task A_suspended_partners_user_still_signs_in_and_reads_but_makes_no_new_key()
    {
        var a = await PartnerUserFactory.PartnerAsync(app);
        await app.Services.GetRequiredService<SuspendPartner>().HandleAsync(a.Id, Admin);
        var (client, _) = await PartnerUserFactory.SignedInUserAsync(app, a.Id);

        var home = await HtmlAsync(client, "/partner");
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.Services.GetRequiredService<PartnerApiKeys>().CreateAsync(a.Id, "Late till", ApiScopes.Transactions, "a@partner.example"));

        Assert.Contains(a.Name, home);
        Assert.Contains("Suspended", home);
        Assert.Equal("partner.suspended", refused.Code);
        Assert.Empty(await app.Services.GetRequiredService<PartnerApiKeys>().ListAsync(a.Id));
    }

    [Fact]
    public async Task The_redemptions_page_names_members_by_number_only_never_by_name_or_email()
    {
        var a = await PartnerUserFactory.PartnerAsync(app);
        var b = await PartnerUserFactory.PartnerAsync(app);
        var displayName = PartnerUserFactory.Unique("Zuleikha");
        var (memberId, number) = await MemberFactory.RegisterAsync(app, displayName);
        var email = await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email!).SingleAsync());
        await MemberFactory.FundAsync(app, memberId, 5_000);
        var rewards = app.Services.GetRequiredService<ManageRewards>();
        var aReward = PartnerUserFactory.Unique("Lounge pass");
        var bReward = PartnerUserFactory.Unique("Spa day");
        var aRewardId = await rewards.SaveAsync(new RewardForm { Name = aReward, CostPoints = 900, PartnerId = a.Id }, Admin);
        var bRewardId = await rewards.SaveAsync(new RewardForm { Name = bReward, CostPoints = 800, PartnerId = b.Id }, Admin);
        var redeem = app.Services.GetRequiredService<RedeemReward>();
        await redeem.HandleAsync(new RedeemCommand(memberId, aRewardId, Guid.NewGuid().ToString()));
        await redeem.HandleAsync(new RedeemCommand(memberId, bRewardId, Guid.NewGuid().ToString()));
        var (client, _) = await PartnerUserFactory.SignedInUserAsync(app, a.Id);

        var html = await HtmlAsync(client, "/partner/redemptions");
        var overview = (await app.Services.GetRequiredService<GetPartnerOverview>().HandleAsync(a.Id))!;

        Assert.Contains(aReward, html);
        Assert.Contains(number, html);
        Assert.Contains("Ready to use", html);
        Assert.DoesNotContain(bReward, html);
        Assert.DoesNotContain(displayName, html);
        Assert.DoesNotContain(email, html);
        Assert.Equal((1, 900L), (overview.Redemptions, overview.PointsRedeemed));
    }
}
