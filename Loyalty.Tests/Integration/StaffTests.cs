using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Staff are invited by e-mail into a role, the last admin stays, and the console asks staff for two-factor authentication.</summary>
public sealed partial class StaffTests
{
    private const string Admin = SeedOptions.DevelopmentAdminEmail;

    private static LoyaltyAppFactory App(bool requireTwoFactor = false) => new(settings: new Dictionary<string, string?>
    {
        ["App:PublicBaseUrl"] = "https://rewards.example.com/",
        ["Security:RequireStaffTwoFactor"] = requireTwoFactor ? "true" : "false",
    });

    private static async Task<string> UserIdAsync(LoyaltyAppFactory app, string email) =>
        await app.WithDbAsync(db => db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync());

    /// <summary>An invited person with a password and a confirmed address, as if they had accepted; returns their id.</summary>
    private static async Task<string> AcceptedWithoutTheLinkAsync(LoyaltyAppFactory app, string email)
    {
        var id = await UserIdAsync(app, email);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(id))!;
        await users.AddPasswordAsync(user, "Second#Admin2026");
        await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        return id;
    }

    [Fact]
    public async Task An_invited_manager_gets_a_one_time_link_on_the_public_address_sets_a_password_and_signs_in()
    {
        await using var app = App();
        var staff = app.Services.GetRequiredService<ManageStaff>();

        await staff.InviteAsync("new.manager@example.com", Roles.Manager, Admin, "http://localhost/");

        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == "new.manager@example.com"));
        var link = InvitationLink().Match(mail.HtmlBody);
        Assert.True(link.Success, mail.HtmlBody);
        var path = WebUtility.HtmlDecode(link.Groups[1].Value);
        var client = app.CreateBrowserlessClient();
        var accepted = await FormPoster.SubmitAsync(client, path, "accept-invitation", new Dictionary<string, string>
        {
            ["Input.Password"] = "Manager#Passw0rd",
            ["Input.ConfirmPassword"] = "Manager#Passw0rd",
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), accepted.Headers.Location!).AbsolutePath);

        var login = await FormPoster.LoginAsync(app.CreateBrowserlessClient(), "new.manager@example.com", "Manager#Passw0rd");
        Assert.Equal("/admin", new Uri(new Uri("http://localhost"), login.Headers.Location!).AbsolutePath); // signed in, staff land on the console
        var row = Assert.Single(await staff.ListAsync(), r => r.Email == "new.manager@example.com");
        Assert.Equal((Roles.Manager, false), (row.Role, row.Invited));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff.invited" && a.Subject == "user:new.manager@example.com")));

        // The link is spent: using it again is refused.
        var again = await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "accept-invitation", new Dictionary<string, string>
        {
            ["Input.Password"] = "Other#Passw0rd1",
            ["Input.ConfirmPassword"] = "Other#Passw0rd1",
        });
        Assert.Contains("This invitation link is not valid any more", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_removed_until_there_is_another()
    {
        await using var app = App();
        var staff = app.Services.GetRequiredService<ManageStaff>();
        var admin = await UserIdAsync(app, Admin);

        var demoted = await Assert.ThrowsAsync<DomainException>(() => staff.ChangeRoleAsync(admin, Roles.Manager, Admin));
        var removed = await Assert.ThrowsAsync<DomainException>(() => staff.RevokeAsync(admin, Admin));

        var invitedDown = await Assert.ThrowsAsync<DomainException>(() => staff.InviteAsync(Admin, Roles.Manager, Admin, "http://localhost/"));
        Assert.Equal(("staff.last-admin", "staff.last-admin", "staff.last-admin"), (demoted.Code, removed.Code, invitedDown.Code));
        // An invitation nobody accepted does not count as the admin that stays.
        await staff.InviteAsync("pending.admin@example.com", Roles.Admin, Admin, "http://localhost/");
        Assert.Equal("staff.last-admin", (await Assert.ThrowsAsync<DomainException>(() => staff.ChangeRoleAsync(admin, Roles.Manager, Admin))).Code);
        await AcceptedWithoutTheLinkAsync(app, "pending.admin@example.com");
        await staff.ChangeRoleAsync(admin, Roles.Manager, Admin);
        Assert.Equal(Roles.Manager, (await staff.ListAsync()).Single(r => r.UserId == admin).Role);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff.role-changed")));
    }

    [Fact]
    public async Task Two_admins_demoted_at_the_same_moment_leave_one_admin()
    {
        await using var app = App();
        var staff = app.Services.GetRequiredService<ManageStaff>();
        var first = await UserIdAsync(app, Admin);
        await staff.InviteAsync("second.admin@example.com", Roles.Admin, Admin, "http://localhost/");
        var second = await AcceptedWithoutTheLinkAsync(app, "second.admin@example.com");

        using var start = new Barrier(2);
        var outcomes = await Task.WhenAll(new[] { first, second }.Select(id => Task.Run(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            try
            {
                await staff.ChangeRoleAsync(id, Roles.Manager, Admin);
                return "demoted";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        })));

        Assert.Equal(["demoted", "staff.last-admin"], outcomes.Order());
        Assert.Single(await staff.ListAsync(), r => r.Role == Roles.Admin);
    }

    private static async Task<string> InvitationPathAsync(LoyaltyAppFactory app, string email, int index = 0)
    {
        var mails = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == email).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());
        var link = InvitationLink().Match(mails[index].HtmlBody);
        Assert.True(link.Success, mails[index].HtmlBody);
        return WebUtility.HtmlDecode(link.Groups[1].Value);
    }

    private static Task<HttpResponseMessage> AcceptAsync(LoyaltyAppFactory app, string path, string password) =>
        FormPoster.SubmitAsync(app.CreateBrowserlessClient(), path, "accept-invitation", new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    [Fact]
    public async Task A_pending_invitation_sent_again_has_a_new_link_and_the_old_one_is_refused()
    {
        await using var app = App();
        var staff = app.Services.GetRequiredService<ManageStaff>();
        await staff.InviteAsync("lost.mail@example.com", Roles.Manager, Admin, "http://localhost/");
        var first = await InvitationPathAsync(app, "lost.mail@example.com");

        await staff.ResendInvitationAsync(await UserIdAsync(app, "lost.mail@example.com"), Admin, "http://localhost/");
        var second = await InvitationPathAsync(app, "lost.mail@example.com", index: 1);

        Assert.NotEqual(first, second);
        Assert.Contains("This invitation link is not valid any more", await (await AcceptAsync(app, first, "Manager#Passw0rd")).Content.ReadAsStringAsync());
        var accepted = await AcceptAsync(app, second, "Manager#Passw0rd");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), accepted.Headers.Location!).AbsolutePath);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff.invitation-resent" && a.Subject == "user:lost.mail@example.com" && a.Actor == Admin)));
        // Accepted: there is nothing to send again.
        var manager = await UserIdAsync(app, "lost.mail@example.com");
        var again = await Assert.ThrowsAsync<DomainException>(() => staff.ResendInvitationAsync(manager, Admin, "http://localhost/"));
        Assert.Equal("staff.not-invited", again.Code);
    }

    [Fact]
    public async Task A_password_the_rules_refuse_leaves_the_invitation_link_usable_for_a_good_one()
    {
        await using var app = App();
        // A member who registered but never confirmed their address already has a password: the invitation replaces it.
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var email = await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email!).SingleAsync());
        await app.Services.GetRequiredService<ManageStaff>().InviteAsync(email, Roles.Manager, Admin, "http://localhost/");
        var path = await InvitationPathAsync(app, email);

        var weak = await AcceptAsync(app, path, "onlylowercase1");
        var page = WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("Passwords must have at least one uppercase", page);
        Assert.DoesNotContain("This invitation link is not valid any more", page);

        var good = await AcceptAsync(app, path, "Manager#Passw0rd");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/Account/Login", new Uri(new Uri("http://localhost"), good.Headers.Location!).AbsolutePath);
        var login = await FormPoster.LoginAsync(app.CreateBrowserlessClient(), email, "Manager#Passw0rd");
        Assert.Equal("/admin", new Uri(new Uri("http://localhost"), login.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_member_never_reaches_a_staff_page()
    {
        await using var app = App();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var email = await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Users, m => m.UserId, u => u.Id, (_, u) => u.Email!).SingleAsync());
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user));
        }
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, email, "Str0ng!Passw0rd");

        foreach (var page in new[] { "/admin", "/admin/members", "/admin/staff", "/admin/settings" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Account/AccessDenied", response.Headers.Location!.AbsolutePath);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Staff_without_two_factor_are_sent_to_set_it_up_and_with_it_reach_the_console()
    {
        await using var app = App(requireTwoFactor: true);
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, Admin, SeedOptions.DevelopmentAdminPassword);

        var before = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal("/Account/Manage/TwoFactorAuthentication", before.Headers.Location!.OriginalString);

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(Admin))!, true);
        }
        var after = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.DoesNotContain("Your account does not have access to this page.", await after.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("href=\"https://rewards\\.example\\.com(/Account/AcceptInvitation\\?[^\"]+)\"")]
    private static partial Regex InvitationLink();
}
