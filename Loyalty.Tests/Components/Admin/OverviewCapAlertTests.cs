using System.Net;
using System.Net.Http.Json;
using Bunit;
using Loyalty.Domain.Integrations;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.Admin;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Points;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Admin;

/// <summary>A key refused for its daily points cap shows on the admin overview and on the keys page, against the real use cases.</summary>
public sealed class OverviewCapAlertTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DemoAppFactory _app;

    public OverviewCapAlertTests(DemoAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<GetProgramOverview>());
        Services.AddSingleton(app.Services.GetRequiredService<GetSetupChecklist>());
        Services.AddSingleton(app.Services.GetRequiredService<RunPointsMaintenance>());
        Services.AddSingleton(app.Services.GetRequiredService<ManageApiKeys>());
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin", "Staff");
    }

    /// <summary>A program key with a cap of 10 points, refused for a purchase of 50.</summary>
    private async Task<string> KeyOverItsCapAsync()
    {
        var (_, number) = await MemberFactory.RegisterAsync(_app);
        var name = PartnerFactory.Unique("capped");
        var api = await ApiClient.CreateAsync(_app, ApiScopes.Transactions, limits: new ApiKeyLimits(DailyPointsCap: 10), name: name);
        var refused = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        return name;
    }

    [Fact]
    public async Task The_overview_shows_an_alert_naming_the_key_its_owner_and_its_cap()
    {
        var name = await KeyOverItsCapAsync();

        var page = Render<Overview>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=cap-alert]"), a => a.TextContent.Contains(name)), Wait);
        var alert = page.FindAll("[data-testid=cap-alert]").Single(a => a.TextContent.Contains(name)).TextContent;
        Assert.Contains("The program", alert);
        Assert.Contains("daily cap of 10 pts", alert);
    }

    [Fact]
    public async Task The_keys_page_shows_the_cap_and_that_it_was_reached_today()
    {
        var name = await KeyOverItsCapAsync();

        var page = Render<ApiKeys>();

        page.WaitForAssertion(() => Assert.Contains(name, page.Markup), Wait);
        var row = page.FindAll("tbody tr").Single(r => r.TextContent.Contains(name));
        Assert.Contains("Cap: 10 pts a day", row.TextContent);
        Assert.NotNull(row.QuerySelector("[data-testid=cap-reached]"));
    }
}
