using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Tests.Integration.Analytics;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Features.Analytics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The analytics page against the real use cases on the demo program, rolled up once.</summary>
public sealed class AnalyticsPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static readonly string[] Charts = ["chart-new-members", "chart-total-members", "chart-active-members", "chart-points", "chart-liability", "chart-tiers", "chart-segments",
        "chart-rewards-top", "chart-tournaments"];

    private readonly DemoAppFactory _app;

    public AnalyticsPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(GetAnalyticsChoices), typeof(GetMemberAnalytics), typeof(GetPointsAnalytics), typeof(GetTierAnalytics), typeof(TimeProvider),
                     typeof(Loyalty.Web.Features.Rewards.GetRewardAnalytics), typeof(Loyalty.Web.Features.Offers.GetOfferAnalytics),
                     typeof(Loyalty.Web.Features.Tournaments.GetTournamentAnalytics), typeof(Loyalty.Web.Features.Campaigns.GetCampaignResults) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    [Fact]
    public async Task Every_chart_of_the_demo_program_draws_its_data_and_each_table_offers_its_csv_with_the_filter()
    {
        await AnalyticsWorld.RollUpAllAsync(_app);

        var page = Render<Analytics>();

        page.WaitForAssertion(() => Assert.All(Charts, id => Assert.NotEmpty(page.FindAll($"[data-testid={id}] svg path, [data-testid={id}] svg rect"))), Wait);
        Assert.NotEmpty(page.FindAll("[data-testid=cohort-grid] tbody tr"));
        var csv = page.Find("[data-testid=csv-points]").GetAttribute("href");
        Assert.StartsWith("admin/analytics/points.csv?from=", csv);
        Assert.Contains("&period=week", csv);
    }

    [Fact]
    public async Task The_filter_is_read_from_the_address_and_a_range_without_activity_shows_the_empty_state()
    {
        await AnalyticsWorld.RollUpAllAsync(_app);
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin/analytics?from=2001-01-01&to=2001-01-31&period=month");

        var page = Render<Analytics>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=analytics-empty]").Count(e => e.Closest("[data-testid=tier-movements]") is null)), Wait);
        Assert.Contains("from=2001-01-01&to=2001-01-31&period=month", page.Find("[data-testid=csv-members]").GetAttribute("href"));
    }

    [Fact]
    public void A_filter_the_address_gets_wrong_is_named_and_the_default_shown()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin/analytics?period=fortnight");

        var page = Render<Analytics>();

        page.WaitForAssertion(() => Assert.Contains("'period' must be day, week or month", page.Find("[data-testid=analytics-filter-error]").TextContent), Wait);
    }
}
