using System.Text.Json;
using Bunit;
using Loyalty.Domain.Campaigns;
using Loyalty.Tests.Integration;
using Loyalty.Tests.Integration.Analytics;
using Loyalty.Web.Components.Analytics;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Admin;

/// <summary>
/// The analytics sections hand the figures they loaded while prerendering to the interactive page, which shows them without
/// querying again; figures for another filter are loaded (docs/analytics.md, "The page").
/// </summary>
public sealed class AnalyticsHandOffTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly AnalyticsFilter Filter = AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));
    private readonly DemoAppFactory _app;

    public AnalyticsHandOffTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(GetMemberAnalytics), typeof(GetPointsAnalytics), typeof(GetTierAnalytics), typeof(GetRewardAnalytics),
                     typeof(GetOfferAnalytics), typeof(GetTournamentAnalytics), typeof(GetCampaignResults) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    [Fact]
    public async Task A_section_shows_the_handed_over_figures_without_querying_and_queries_for_another_filter()
    {
        var demo = await Get<GetCampaignResults>().ForWindowAsync(Filter.Window.Start, Filter.Window.End);
        Assert.NotEmpty(demo);
        var handed = new CampaignResults(9_999, "Handed-over campaign", 10,
            CampaignLift.Compute(new SalesSample(20, 2_000m, 250_000), new SalesSample(5, 400m, 40_000), 75m), 7_500, 3_000m, "EUR", DateTimeOffset.UtcNow);
        PersistedState.Persist(PrerenderedFigures<IReadOnlyList<CampaignResults>>.Key(nameof(CampaignsSection), Filter), new List<CampaignResults> { handed });

        var section = Render<CampaignsSection>(p => p.Add(s => s.Filter, Filter));

        // Shown in the first render: no query ran, so nothing of the demo's campaigns is there and nothing is loading.
        Assert.Contains("Handed-over campaign", section.Markup);
        Assert.DoesNotContain("mud-progress-linear", section.Markup);
        Assert.All(demo, c => Assert.DoesNotContain(c.Name, section.Markup));

        var other = Filter with { From = Filter.From.AddDays(-30) };
        section.Render(p => p.Add(s => s.Filter, other));
        section.WaitForAssertion(() => Assert.Contains(demo[0].Name, section.Markup), Wait);
        Assert.DoesNotContain("Handed-over campaign", section.Markup);
    }

    [Fact]
    public async Task Every_section_hands_over_what_it_loaded_and_its_figures_survive_the_trip()
    {
        await AnalyticsWorld.RollUpAllAsync(_app);
        var members = Render<MembersSection>(p => p.Add(s => s.Filter, Filter));
        var points = Render<PointsSection>(p => p.Add(s => s.Filter, Filter));
        var tiers = Render<TiersSection>(p => p.Add(s => s.Filter, Filter));
        var engagement = Render<EngagementSection>(p => p.Add(s => s.Filter, Filter));
        var campaigns = Render<CampaignsSection>(p => p.Add(s => s.Filter, Filter));
        Loaded(members);
        Loaded(points);
        Loaded(tiers);
        Loaded(engagement);
        Loaded(campaigns);

        PersistedState.TriggerOnPersisting();

        AssertHandedOver<MemberAnalytics>(nameof(MembersSection), await Get<GetMemberAnalytics>().HandleAsync(Filter));
        AssertHandedOver<PointsAnalytics>(nameof(PointsSection), await Get<GetPointsAnalytics>().HandleAsync(Filter));
        AssertHandedOver<TierAnalytics>(nameof(TiersSection), await Get<GetTierAnalytics>().HandleAsync(Filter));
        AssertHandedOver<EngagementSection.Model>(nameof(EngagementSection), new EngagementSection.Model(await Get<GetRewardAnalytics>().HandleAsync(Filter),
            await Get<GetOfferAnalytics>().HandleAsync(Filter), await Get<GetTournamentAnalytics>().HandleAsync(Filter)));
        AssertHandedOver<List<CampaignResults>>(nameof(CampaignsSection), await Get<GetCampaignResults>().ForWindowAsync(Filter.Window.Start, Filter.Window.End));
    }

    private static void Loaded<T>(IRenderedComponent<T> section) where T : IComponent =>
        section.WaitForAssertion(() => Assert.DoesNotContain("mud-progress-linear", section.Markup), Wait);

    /// <summary>
    /// The section handed a model over under its key, and the model as queried survives the trip through JSON with the web
    /// defaults Blazor persists with (the demo's jobs keep measuring, so a later query need not equal what the section read).
    /// </summary>
    private void AssertHandedOver<T>(string section, object queried) where T : class
    {
        Assert.True(PersistedState.TryTake<T>(PrerenderedFigures<MemberAnalytics>.Key(section, Filter), out var handed), $"{section} handed nothing over");
        Assert.NotNull(handed);
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(queried, queried.GetType(), web);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeof(T), web), queried.GetType(), web));
    }
}
