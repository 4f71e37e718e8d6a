using System.Net;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class IdentityTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Registering_creates_a_member_in_the_Member_role_with_a_number_and_sends_a_confirmation()
    {
        var client = app.CreateBrowserlessClient();
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Kamran",
            ["Input.HomeCity"] = "Baku",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/RegisterConfirmation", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.False(user.EmailConfirmed);
        Assert.Equal([Roles.Member], await users.GetRolesAsync(user));
        var member = await app.WithDbAsync(db => db.Members.SingleAsync(m => m.UserId == user.Id));
        Assert.Equal("Kamran", member.DisplayName);
        Assert.Equal("Baku", member.HomeCity);
        Assert.Matches(@"^LY-\d{6}$", member.MemberNumber);
        Assert.Equal(Loyalty.Domain.Members.Member.FormatNumber(member.Id), member.MemberNumber);
        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == email));
        Assert.Contains("Account/ConfirmEmail", mail.HtmlBody);
    }

    [Fact]
    public async Task Registering_on_the_form_in_Persian_keeps_Persian_as_the_language_of_the_members_emails()
    {
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");
        var email = $"fa-{Guid.NewGuid():N}@example.com";

        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Shirin",
            ["Input.HomeCity"] = "Baku",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var language = await app.WithDbAsync(db => db.Members.Where(m => m.DisplayName == "Shirin")
            .Join(db.Users.Where(u => u.Email == email), m => m.UserId, u => u.Id, (m, _) => m.Id)
            .Join(db.MemberLanguages, id => id, l => l.MemberId, (_, l) => l.Culture).SingleAsync());
        Assert.Equal("fa", language);
    }

    [Fact]
    public async Task Registering_with_a_weak_password_creates_nothing_and_says_why()
    {
        var client = app.CreateBrowserlessClient();
        var email = $"weak-{Guid.NewGuid():N}@example.com";

        var response = await FormPoster.SubmitAsync(client, "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Weak",
            ["Input.HomeCity"] = "Riga",
            ["Input.Password"] = "alllowercase",
            ["Input.ConfirmPassword"] = "alllowercase",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("uppercase", await response.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Members.CountAsync(m => m.DisplayName == "Weak")));
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/dashboard")]
    public async Task An_anonymous_request_to_a_protected_page_is_sent_to_login(string path)
    {
        var response = await app.CreateBrowserlessClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(new Uri("http://localhost"), response.Headers.Location!);
        Assert.Equal("/Account/Login", location.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location.Query);
    }

    [Fact]
    public async Task A_member_gets_access_denied_on_admin_pages_but_reaches_the_dashboard()
    {
        var client = app.CreateBrowserlessClient();
        var login = await FormPoster.LoginAsync(client, SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var admin = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/Account/AccessDenied", new Uri(new Uri("http://localhost"), admin.Headers.Location!).AbsolutePath);

        var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task The_admin_reaches_the_admin_overview()
    {
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var admin = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, "Right#Passw0rd");
        var client = app.CreateBrowserlessClient();

        for (var i = 0; i < 5; i++) await FormPoster.LoginAsync(client, email, "Wrong#Passw0rd");
        var locked = await FormPoster.LoginAsync(client, email, "Right#Passw0rd");

        Assert.Equal("/Account/Lockout", new Uri(new Uri("http://localhost"), locked.Headers.Location!).AbsolutePath);
        using var fresh = app.Services.CreateScope();
        var reloaded = fresh.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await reloaded.IsLockedOutAsync((await reloaded.FindByEmailAsync(email))!));
    }
}

public sealed class IdentityMailTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Theory]
    [InlineData("/Account/ForgotPassword", "forgot-password", "Account/ResetPassword")]
    [InlineData("/Account/ResendEmailConfirmation", "resend-email-confirmation", "Account/ConfirmEmail")]
    public async Task Mailed_links_are_encoded_once_so_they_work_when_clicked(string page, string form, string target)
    {
        var client = app.CreateBrowserlessClient();

        await FormPoster.SubmitAsync(client, page, form, new Dictionary<string, string> { ["Input.Email"] = "demo@loyalty.local" });

        var mail = await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == "demo@loyalty.local").OrderByDescending(m => m.CreatedAt).FirstAsync());
        Assert.Contains(target, mail.HtmlBody);
        Assert.DoesNotContain("&amp;amp;", mail.HtmlBody); // "&" encoded twice
        Assert.DoesNotContain("&amp;#", mail.HtmlBody);   // "=" or "/" encoded twice
        Assert.Matches("href=\"[^\"]+code=", mail.HtmlBody);
    }
}

/// <summary>Links in e-mails come from App:PublicBaseUrl, never from the request's Host header.</summary>
public sealed class PublicLinkTests
{
    private static async Task<(LoyaltyAppFactory App, string Email)> AppWithUserAsync(string? allowedHosts)
    {
        var settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "https://rewards.example.com/" };
        if (allowedHosts is not null) settings["AllowedHosts"] = allowedHosts;
        var app = new LoyaltyAppFactory(settings: settings);
        var email = $"forgetful-{Guid.NewGuid():N}@example.com";
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, "Right#Passw0rd");
        return (app, email);
    }

    [Fact]
    public async Task A_forged_host_on_forgot_password_still_mails_a_link_on_the_public_base_url()
    {
        // An operator who lets every Host through (AllowedHosts "*") still gets links on the public address.
        var (app, email) = await AppWithUserAsync(allowedHosts: "*");
        await using var _ = app;
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Host = "attacker.example";

        await FormPoster.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

        var mail = await app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == email));
        Assert.Contains("href=\"https://rewards.example.com/Account/ResetPassword?code=", mail.HtmlBody);
        Assert.DoesNotContain("attacker.example", mail.HtmlBody);
    }

    [Fact]
    public async Task By_default_a_request_for_another_host_than_the_public_one_is_refused()
    {
        var (app, email) = await AppWithUserAsync(allowedHosts: null);
        await using var _ = app;
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Host = "attacker.example";

        var response = await client.GetAsync("/Account/ForgotPassword");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == email)));
        client.DefaultRequestHeaders.Host = "rewards.example.com";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/ForgotPassword")).StatusCode);
    }
}
