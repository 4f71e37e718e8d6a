using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Every response says where scripts, styles, pictures and connections may come from, and who may frame it.</summary>
public sealed partial class SecurityHeadersTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    public async Task A_page_allows_only_its_own_scripts_and_inline_ones_by_a_nonce_new_on_each_request(string path)
    {
        var client = app.CreateClient();

        var first = await client.GetAsync(path);
        var second = await client.GetAsync(path);

        var policy = Policy(first);
        var nonce = Nonce().Match(Directive(policy, "script-src")).Groups[1].Value;
        Assert.Equal($"script-src 'self' 'nonce-{nonce}'", Directive(policy, "script-src"));
        // (The test host renders no import map; the E2E tests check the real page's import map carries this nonce.)
        Assert.NotEqual(nonce, Nonce().Match(Directive(Policy(second), "script-src")).Groups[1].Value);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("default-src 'self'", Directive(policy, "default-src"));
        Assert.Equal("connect-src 'self'", Directive(policy, "connect-src"));
        Assert.Equal("img-src 'self' data:", Directive(policy, "img-src"));
        Assert.Equal("object-src 'none'", Directive(policy, "object-src"));
        Assert.Equal("frame-ancestors 'self'", Directive(policy, "frame-ancestors"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/live")]
    [InlineData("/api/v1/stores")]
    [InlineData("/favicon.png")]
    [InlineData("/no-such-page")]
    public async Task Every_response_says_nosniff_a_strict_referrer_policy_and_geolocation_only_for_the_site(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("geolocation=(self), camera=(), microphone=()", response.Headers.GetValues("Permissions-Policy").Single());
        Assert.Contains("default-src", Policy(response));
    }

    [Fact]
    public async Task The_public_live_boards_may_be_framed_by_any_site_and_member_pages_only_by_the_portal()
    {
        var client = app.CreateClient();

        Assert.Equal("frame-ancestors *", Directive(Policy(await client.GetAsync("/live")), "frame-ancestors"));
        Assert.Equal("frame-ancestors 'self'", Directive(Policy(await client.GetAsync("/dashboard")), "frame-ancestors"));
        Assert.Equal("frame-ancestors 'self'", Directive(Policy(await client.GetAsync("/livestock")), "frame-ancestors"));
    }

    [Fact]
    public async Task The_sites_that_may_frame_the_live_boards_come_from_configuration()
    {
        await using var configured = new LoyaltyAppFactory(settings: new Dictionary<string, string?>
        {
            ["Security:LiveFrameAncestors"] = "'self' https://shop.example.com",
        });

        var response = await configured.CreateClient().GetAsync("/live");

        Assert.Equal("frame-ancestors 'self' https://shop.example.com", Directive(Policy(response), "frame-ancestors"));
    }

    [Fact]
    public async Task In_Development_on_http_the_sign_in_cookie_follows_the_request_and_is_not_secure()
    {
        var client = app.CreateBrowserlessClient();

        var login = await FormPoster.LoginAsync(client, "demo@loyalty.local", "Demo#Loyalty2026");

        Assert.DoesNotContain("; secure", SetCookie(login, ".AspNetCore.Identity.Application"), StringComparison.OrdinalIgnoreCase);
    }

    internal static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith(name, StringComparison.Ordinal)) is { } cookie
            ? cookie : throw new Xunit.Sdk.XunitException($"No {name} cookie in the {(int)response.StatusCode} response.");

    internal static string Policy(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();

    internal static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).SingleOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal)) ?? $"({name} missing)";

    [GeneratedRegex("'nonce-([A-Za-z0-9_-]{24})'")] // base64url: nothing the markup would have to encode
    private static partial Regex Nonce();
}

/// <summary>The portal outside Development behind a TLS proxy at 10.0.0.5, the only one it is told to trust.</summary>
public sealed class ProxiedProductionApp() : LoyaltyAppFactory(settings: Settings(), environment: "Production")
{
    public const string Proxy = "10.0.0.5";

    private static Dictionary<string, string?> Settings()
    {
        var settings = ProductionStartTests.Ready();
        settings["ForwardedHeaders:KnownProxies:0"] = Proxy;
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ApiKeyLimitsApp.RemoteIpFromHeader>());
    }

    /// <summary>A request as it arrives from <paramref name="peer"/>, with the forwarded headers given.</summary>
    public static HttpRequestMessage From(string peer, string path, string? forwardedFor = null, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "rewards.example.com";
        request.Headers.Add(ApiKeyLimitsApp.RemoteIpHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        return request;
    }
}

/// <summary>Forwarded headers count only from a configured proxy, so behind TLS the portal knows it is https and who calls.</summary>
public sealed class ForwardedHeadersTests(ProxiedProductionApp app) : IClassFixture<ProxiedProductionApp>
{
    private const string Client = "203.0.113.7";

    [Fact]
    public async Task Behind_the_known_TLS_proxy_the_request_is_https_so_HSTS_is_sent_and_the_antiforgery_cookie_is_secure()
    {
        var response = await app.CreateClient().SendAsync(ProxiedProductionApp.From(ProxiedProductionApp.Proxy, "/Account/Login", Client, "https"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Contains("; secure", SecurityHeadersTests.SetCookie(response, ".AspNetCore.Antiforgery"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_peer_that_is_not_a_known_proxy_are_ignored()
    {
        var response = await app.CreateClient().SendAsync(ProxiedProductionApp.From("198.51.100.9", "/Account/Login", Client, "https"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "an unknown peer's X-Forwarded-Proto was believed");
        Assert.DoesNotContain("; secure", SecurityHeadersTests.SetCookie(response, ".AspNetCore.Antiforgery"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_API_key_allow_list_sees_the_client_behind_the_proxy_and_not_an_address_the_client_forged()
    {
        var key = await app.Services.GetRequiredService<ManageApiKeys>()
            .CreateAsync($"proxied {Guid.NewGuid():N}", ApiScopes.Balance, "ops@example.com", limits: new ApiKeyLimits(AllowedIps: Client));
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);

        var viaProxy = await api.SendAsync(ProxiedProductionApp.From(ProxiedProductionApp.Proxy, "/api/v1/stores", Client, "https"));
        var direct = await api.SendAsync(ProxiedProductionApp.From("198.51.100.9", "/api/v1/stores", Client, "https"));
        // The client wrote the allowed address itself; the proxy appended the real one: only the proxy's entry counts.
        var forged = await api.SendAsync(ProxiedProductionApp.From(ProxiedProductionApp.Proxy, "/api/v1/stores", $"{Client}, 198.51.100.20", "https"));

        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_on_an_https_address_the_sign_in_cookie_is_secure_even_over_plain_http()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Host = "rewards.example.com";

        var antiforgery = SecurityHeadersTests.SetCookie(await client.GetAsync("/Account/Login"), ".AspNetCore.Antiforgery");
        client.DefaultRequestHeaders.Add("Cookie", antiforgery.Split(';')[0]);
        var signIn = SecurityHeadersTests.SetCookie(await FormPoster.LoginAsync(client, "ops@example.com", "Ops#Admin2026!"), ".AspNetCore.Identity.Application");

        Assert.Contains("; secure", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.local", "ForwardedHeaders:KnownProxies has 'proxy.local'")]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.5, proxy.local", "ForwardedHeaders:KnownProxies has 'proxy.local'")]
    [InlineData("ForwardedHeaders:KnownNetworks", "10.0.0.0/8,10.0.0.0/33", "ForwardedHeaders:KnownNetworks has '10.0.0.0/33'")]
    public async Task A_trusted_proxy_or_network_that_is_not_one_stops_the_start_naming_the_setting(string key, string value, string message)
    {
        await using var broken = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains(message, error.ToString());
    }
}
