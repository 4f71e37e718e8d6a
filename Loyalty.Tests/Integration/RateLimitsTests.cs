using System.Net;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>The app with small rate limits, taking the caller's address from a test header (the test server has none).</summary>
public sealed class RateLimitsApp() : LoyaltyAppFactory(settings: new Dictionary<string, string?>
{
    ["RateLimits:Enabled"] = "true",
    ["RateLimits:SignInPerMinute"] = "4",
    ["RateLimits:SignInPerAccountPerMinute"] = "2",
    ["RateLimits:RegistrationPerMinute"] = "2",
    ["RateLimits:PasswordResetPerMinute"] = "3",
    ["RateLimits:PasswordResetPerAccountPerMinute"] = "2",
    ["RateLimits:LivePerMinute"] = "3",
})
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ApiKeyLimitsApp.RemoteIpFromHeader>());
    }

    /// <summary>A client at an address no other test uses.</summary>
    public HttpClient ClientFromNewAddress(string? language = null)
    {
        var client = CreateBrowserlessClient();
        var bytes = Guid.NewGuid().ToByteArray();
        client.DefaultRequestHeaders.Add(ApiKeyLimitsApp.RemoteIpHeader, $"10.{bytes[0]}.{bytes[1]}.{bytes[2]}");
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }
}

/// <summary>Sign-in, registration, password reset and the live pages answer 429 with Retry-After past their limits, per address and per account.</summary>
public sealed class RateLimitsTests(RateLimitsApp app) : IClassFixture<RateLimitsApp>
{
    private static string NewEmail() => $"limited-{Guid.NewGuid():N}@example.com";

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After was '{response.Headers.RetryAfter}'.");
    }

    private Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        FormPoster.SubmitAsync(client, "/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

    private async Task<ApplicationUser> UserAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByEmailAsync(email))!;
    }

    [Theory]
    [InlineData("/Account/Login", 4)]
    [InlineData("/Account/LoginWith2fa", 4)]
    [InlineData("/Account/LoginWithRecoveryCode", 4)]
    [InlineData("/Account/Register", 2)]
    [InlineData("/Account/ResendEmailConfirmation", 2)]
    [InlineData("/Account/ForgotPassword", 3)]
    public async Task Posts_to_an_identity_form_past_the_address_limit_get_429_with_Retry_After_and_another_address_does_not(string path, int limit)
    {
        var client = app.ClientFromNewAddress();
        for (var i = 0; i < limit; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode);

        AssertRefused(await client.PostAsync(path, new FormUrlEncodedContent([])));
        var other = await app.ClientFromNewAddress().PostAsync(path, new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task A_second_download_of_my_data_within_a_minute_gets_429_and_another_member_at_the_same_address_is_not_limited()
    {
        var address = $"10.250.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}";
        HttpClient FromThatAddress()
        {
            var client = app.CreateBrowserlessClient();
            client.DefaultRequestHeaders.Add(ApiKeyLimitsApp.RemoteIpHeader, address);
            return client;
        }
        var first = await Privacy.PrivacyKit.SignedInAsync(app, await Privacy.PrivacyKit.MemberAsync(app, "Limited Lena"), FromThatAddress());
        var second = await Privacy.PrivacyKit.SignedInAsync(app, await Privacy.PrivacyKit.MemberAsync(app, "Limited Lars"), FromThatAddress());

        Assert.Equal(HttpStatusCode.OK, (await Privacy.PrivacyKit.DownloadAsync(first)).StatusCode);
        AssertRefused(await Privacy.PrivacyKit.DownloadAsync(first));
        Assert.Equal(HttpStatusCode.OK, (await Privacy.PrivacyKit.DownloadAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Reading_the_sign_in_page_is_not_limited()
    {
        var client = app.ClientFromNewAddress();
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_to_one_account_from_many_addresses_are_limited_per_account_and_other_accounts_are_not()
    {
        var email = NewEmail();
        for (var i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await FormPoster.LoginAsync(app.ClientFromNewAddress(), email, "Wrong#Passw0rd")).StatusCode);

        var fresh = app.ClientFromNewAddress();
        // The same account however it is typed.
        AssertRefused(await FormPoster.LoginAsync(fresh, "  " + email.ToUpperInvariant(), "Wrong#Passw0rd"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await FormPoster.LoginAsync(fresh, NewEmail(), "Wrong#Passw0rd")).StatusCode);
    }

    [Fact]
    public async Task A_refused_sign_in_does_not_count_a_failed_attempt_so_it_cannot_lock_the_account()
    {
        var email = NewEmail();
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.CreateAsync(new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true }, "Right#Passw0rd");
        }
        for (var i = 0; i < 2; i++) await FormPoster.LoginAsync(app.ClientFromNewAddress(), email, "Wrong#Passw0rd");
        Assert.Equal(2, (await UserAsync(email)).AccessFailedCount);

        for (var i = 0; i < 5; i++) AssertRefused(await FormPoster.LoginAsync(app.ClientFromNewAddress(), email, "Wrong#Passw0rd"));

        var user = await UserAsync(email);
        Assert.Equal(2, user.AccessFailedCount);
        Assert.Null(user.LockoutEnd);
    }

    [Fact]
    public async Task Password_resets_for_one_account_are_limited_per_account_and_other_accounts_are_not()
    {
        var email = NewEmail();
        for (var i = 0; i < 2; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, (await ForgotAsync(app.ClientFromNewAddress(), email)).StatusCode);

        var fresh = app.ClientFromNewAddress();
        AssertRefused(await ForgotAsync(fresh, email.ToUpperInvariant()));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await ForgotAsync(fresh, NewEmail())).StatusCode);
    }

    [Fact]
    public async Task The_live_pages_past_the_address_limit_get_429_with_Retry_After_and_another_address_does_not()
    {
        var client = app.ClientFromNewAddress();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/live/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/live")).StatusCode);

        AssertRefused(await client.GetAsync("/live/987654"));
        AssertRefused(await client.GetAsync("/live"));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFromNewAddress().GetAsync("/live")).StatusCode);
    }

    [Theory]
    [InlineData("en", "Too many attempts")]
    [InlineData("fa", "تلاش‌های بیش از حد")]
    public async Task A_refusal_is_a_page_in_the_visitors_language_saying_when_to_try_again(string language, string title)
    {
        var client = app.ClientFromNewAddress(language);
        for (var i = 0; i < 3; i++) await client.GetAsync("/live");

        var response = await client.GetAsync("/live");

        AssertRefused(response);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(title, page);
        Assert.Contains(((int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds).ToString(), page);
    }
}
