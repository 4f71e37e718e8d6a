using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Analytics;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Admin;

/// <summary>The analytics page's engagement and campaign sections rendered against the real use cases of a demo program.</summary>
public sealed class AnalyticsSectionsTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly AnalyticsFilter Filter = AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));

    public AnalyticsSectionsTests(DemoAppFactory app)
    {
        Services.AddSingleton(app.Services.GetRequiredService<GetRewardAnalytics>());
        Services.AddSingleton(app.Services.GetRequiredService<GetOfferAnalytics>());
        Services.AddSingleton(app.Services.GetRequiredService<GetTournamentAnalytics>());
        Services.AddSingleton(app.Services.GetRequiredService<GetCampaignResults>());
    }

    [Fact]
    public void The_engagement_section_charts_the_demos_top_rewards_and_tournament_and_links_each_table_as_csv_with_the_filter()
    {
        var section = Render<EngagementSection>(p => p.Add(s => s.Filter, Filter));

        section.WaitForAssertion(() => Assert.Contains("Top rewards", section.Markup), TimeSpan.FromSeconds(20));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("[data-testid='chart-rewards-top'] svg")), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(section.FindAll("[data-testid='chart-tournaments'] svg"));
        foreach (var name in new[] { TopRewardsTable.Name, StockOutsTable.Name, OfferUseTable.Name, TournamentParticipationTable.Name })
            Assert.Equal($"admin/analytics/{name}.csv?{Filter.ToQueryString()}", section.Find($"[data-testid='csv-{name}']").GetAttribute("href"));
    }

    [Fact]
    public void The_campaigns_section_says_what_its_figures_compare_and_links_its_table_as_csv()
    {
        var section = Render<CampaignsSection>(p => p.Add(s => s.Filter, Filter));

        section.WaitForAssertion(() => Assert.Contains("Campaigns: cost against incremental sales", section.Markup), TimeSpan.FromSeconds(20));
        section.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", section.Markup), TimeSpan.FromSeconds(20));
        Assert.Contains("Sales touched include sales that would have happened anyway", section.Markup);
        Assert.Equal($"admin/analytics/{CampaignResultsTable.Name}.csv?{Filter.ToQueryString()}",
            section.Find($"[data-testid='csv-{CampaignResultsTable.Name}']").GetAttribute("href"));
    }
}
