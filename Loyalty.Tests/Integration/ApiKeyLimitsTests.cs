using System.Net;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>The app on a clock the tests move, taking the caller's address from a test header (the test server has none).</summary>
public sealed class ApiKeyLimitsApp() : LoyaltyAppFactory(clock: SharedClock)
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";
    private static readonly FakeTimeProvider SharedClock = new(DateTimeOffset.UtcNow);

    public FakeTimeProvider Clock => SharedClock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteIpFromHeader>());
    }

    /// <summary>Sets the connection's address from <see cref="RemoteIpHeader"/>, before anything else in the pipeline.</summary>
    internal sealed class RemoteIpFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.TryGetValue(RemoteIpHeader, out var ip)) http.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>A key may expire and may be limited to some addresses; when it was last used is kept without a write per call.</summary>
public sealed class ApiKeyLimitsTests(ApiKeyLimitsApp app) : IClassFixture<ApiKeyLimitsApp>
{
    private ManageApiKeys Keys => app.Services.GetRequiredService<ManageApiKeys>();

    private async Task<(HttpClient Api, string Name)> KeyAsync(ApiKeyLimits? limits = null)
    {
        var name = $"limits {Guid.NewGuid():N}";
        var plaintext = await Keys.CreateAsync(name, ApiScopes.Balance, "admin@test", limits: limits);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", plaintext);
        return (api, name);
    }

    private static HttpRequestMessage StoresFrom(string? ip)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stores");
        if (ip is not null) request.Headers.Add(ApiKeyLimitsApp.RemoteIpHeader, ip);
        return request;
    }

    [Fact]
    public async Task An_expired_key_gets_401_with_a_problem_detail_saying_it_expired()
    {
        // Expires sooner than the key store keeps a key, so a cached key must still be checked against the clock.
        var (api, _) = await KeyAsync(new ApiKeyLimits(ExpiresAt: app.Clock.GetUtcNow().AddSeconds(10)));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/stores")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(TimeSpan.FromSeconds(15) < ApiKeyStore.MaxAge);
        var response = await api.GetAsync("/api/v1/stores");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("apikey.expired", await response.ProblemCodeAsync());
        Assert.Contains("expired", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_revoked_key_gets_401_with_the_revoked_code_at_once_though_it_was_just_used()
    {
        var (api, name) = await KeyAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/stores")).StatusCode); // now held by the key store
        await Keys.RevokeAsync((await Keys.ListAsync()).Single(k => k.Name == name).Id, "admin@test");

        var response = await api.GetAsync("/api/v1/stores");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("apikey.revoked", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task A_key_with_an_allow_list_takes_calls_only_from_its_addresses_and_networks_and_refuses_others_with_403()
    {
        var (api, name) = await KeyAsync(new ApiKeyLimits(AllowedIps: "203.0.113.0/24\n2001:db8::1"));

        var inNetwork = await api.SendAsync(StoresFrom("203.0.113.9"));
        var exactV6 = await api.SendAsync(StoresFrom("2001:db8::1"));
        var outside = await api.SendAsync(StoresFrom("198.51.100.1"));
        var unknown = await api.SendAsync(StoresFrom(null));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (inNetwork.StatusCode, exactV6.StatusCode));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (outside.StatusCode, unknown.StatusCode));
        Assert.Equal("apikey.ip-not-allowed", await outside.ProblemCodeAsync());
        Assert.Contains("198.51.100.1", (await outside.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal("203.0.113.0/24, 2001:db8::1/128", (await Keys.ListAsync()).Single(k => k.Name == name).AllowedIps);
    }

    [Fact]
    public async Task With_no_proxy_configured_an_X_Forwarded_For_naming_an_allowed_address_is_ignored()
    {
        var (api, _) = await KeyAsync(new ApiKeyLimits(AllowedIps: "203.0.113.9"));
        var request = StoresFrom("198.51.100.1");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_key_without_an_allow_list_takes_calls_from_anywhere()
    {
        var (api, _) = await KeyAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(StoresFrom("198.51.100.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(StoresFrom(null))).StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.0/8, not-an-ip", "api-key.allowed-ips", "allowedIps")]
    [InlineData("10.0.0.0/33", "api-key.allowed-ips", "allowedIps")]
    public async Task A_bad_allow_list_entry_is_refused_naming_it(string allowList, string code, string field)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => KeyAsync(new ApiKeyLimits(AllowedIps: allowList)));

        Assert.Equal((code, field), (refused.Code, refused.Field));
        Assert.Contains(allowList.Split(", ")[^1], refused.Message);
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_refused()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => KeyAsync(new ApiKeyLimits(ExpiresAt: app.Clock.GetUtcNow().AddMinutes(-1))));

        Assert.Equal(("api-key.expires-at", "expiresAt"), (refused.Code, refused.Field));
    }

    [Fact]
    public async Task Last_used_is_written_on_first_use_and_then_at_most_once_a_minute()
    {
        var (api, name) = await KeyAsync();
        Task<DateTimeOffset?> LastUsedAsync() => app.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == name).Select(k => k.LastUsedAt).SingleAsync());
        Assert.Null(await LastUsedAsync());

        await api.GetAsync("/api/v1/stores");
        var first = await LastUsedAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await api.GetAsync("/api/v1/stores");
        var withinTheMinute = await LastUsedAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await api.GetAsync("/api/v1/stores");
        var afterTheMinute = await LastUsedAsync();

        Assert.NotNull(first);
        Assert.Equal(first, withinTheMinute); // no write for the second call
        Assert.Equal(first!.Value.AddSeconds(61), afterTheMinute);
        Assert.Equal(afterTheMinute, (await Keys.ListAsync()).Single(k => k.Name == name).LastUsedAt);
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_other_keys_are_not_slowed()
    {
        await using var limited = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "3" });
        var busy = await ApiClient.CreateAsync(limited, ApiScopes.Balance);
        var other = await ApiClient.CreateAsync(limited, ApiScopes.Balance);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) responses.Add(await busy.GetAsync("/api/v1/stores"));
        var otherResponse = await other.GetAsync("/api/v1/stores");

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var refused = responses.Last();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("apikey.rate-limited", await refused.ProblemCodeAsync());
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 10);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task Balance_reads_have_a_tighter_bucket_per_key_where_unknown_member_numbers_cost_the_same_as_known_ones()
    {
        await using var limited = new LoyaltyAppFactory(demo: true, settings: new Dictionary<string, string?> { ["Api:BalanceReadsPerMinutePerKey"] = "3" });
        var (_, number) = await MemberFactory.RegisterAsync(limited);
        var walker = await ApiClient.CreateAsync(limited, ApiScopes.Balance);
        var other = await ApiClient.CreateAsync(limited, ApiScopes.Balance);

        // Three unknown numbers use up the bucket: the known one after them is refused like any other.
        var unknown = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++) unknown.Add(await walker.GetAsync($"/api/v1/members/LY-9{i:D5}/balance"));
        var known = await walker.GetAsync($"/api/v1/members/{number}/balance");
        var otherKey = await other.GetAsync($"/api/v1/members/{number}/balance");
        var notABalanceRead = await walker.GetAsync("/api/v1/stores");

        Assert.All(unknown, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, known.StatusCode);
        Assert.Equal("apikey.balance-rate-limited", await known.ProblemCodeAsync());
        Assert.InRange(known.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 10);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (otherKey.StatusCode, notABalanceRead.StatusCode));
    }
}

