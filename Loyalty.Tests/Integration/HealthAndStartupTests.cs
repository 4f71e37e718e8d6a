using System.Net;

namespace Loyalty.Tests.Integration;

public sealed class HealthAndStartupTests
{
    [Fact]
    public async Task Health_is_200_when_the_database_is_reachable()
    {
        await using var app = new LoyaltyAppFactory();

        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_the_not_found_page_and_an_unknown_api_address_without_it()
    {
        await using var app = new LoyaltyAppFactory();
        var client = app.CreateClient();

        var page = await client.GetAsync("/no-such-page");
        var api = await client.GetAsync("/api/v1/no-such-call");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Sorry, there is nothing at this address.", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("nothing at this address", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_database_provider_stops_the_app_naming_the_setting_and_valid_values()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Database:Provider 'Oracle' is not supported. Valid values: Sqlite, SqlServer.", Flatten(error));
    }

    [Fact]
    public async Task SqlServer_without_a_connection_string_stops_the_app_naming_the_setting()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["Database:ConnectionString"] = "",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Database:ConnectionString is required when Database:Provider is SqlServer", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}

/// <summary>Outside Development the app refuses to start, naming the setting, when a real program would not work.</summary>
public sealed class ProductionStartTests
{
    internal static Dictionary<string, string?> Ready() => new()
    {
        ["Seed:AdminEmail"] = "ops@example.com",
        ["Seed:AdminPassword"] = "Ops#Admin2026!",
        ["App:PublicBaseUrl"] = "https://rewards.example.com/",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:FromAddress"] = "rewards@example.com",
    };

    private static LoyaltyAppFactory Production(Action<Dictionary<string, string?>> change)
    {
        var settings = Ready();
        change(settings);
        return new LoyaltyAppFactory(settings: settings, environment: "Production");
    }

    [Fact]
    public async Task A_production_start_with_what_a_real_program_needs_answers()
    {
        await using var app = Production(_ => { });

        var response = await app.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("App:PublicBaseUrl", "", "App:PublicBaseUrl is required outside Development")]
    [InlineData("App:PublicBaseUrl", "rewards.example.com", "App:PublicBaseUrl 'rewards.example.com' is not an absolute http(s) URL")]
    [InlineData("Mail:Smtp:Host", "", "Mail:Smtp:Host is required outside Development")]
    [InlineData("Seed:Demo", "true", "Seed:Demo is on outside Development")]
    [InlineData("Seed:AdminEmail", "", "Set Seed:AdminEmail and Seed:AdminPassword")]
    public async Task A_production_start_without_a_setting_it_needs_stops_naming_it(string key, string value, string message)
    {
        await using var app = Production(s => s[key] = value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(message, Flatten(error));
    }

    [Fact]
    public async Task A_refused_start_writes_nothing_so_no_demo_login_is_left_behind()
    {
        await using var app = Production(s => s["Seed:Demo"] = "true");

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        if (Environment.GetEnvironmentVariable(LoyaltyAppFactory.SqlServerVariable) is not { Length: > 0 })
            Assert.False(File.Exists(app.DatabaseFile), "the database was created (and seeded) before the start was refused");
    }

    [Fact]
    public async Task Probes_reach_health_from_any_host_while_pages_answer_only_on_the_public_one()
    {
        await using var app = Production(_ => { });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Host = "10.1.2.3:8080"; // a pod's address, as Kubernetes probes send it

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Account/Login")).StatusCode);
        client.DefaultRequestHeaders.Host = "rewards.example.com";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task The_demo_can_be_allowed_outside_Development_on_purpose()
    {
        await using var app = Production(s =>
        {
            s["Seed:Demo"] = "true";
            s["Seed:AllowDemoOutsideDevelopment"] = "true";
        });

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
