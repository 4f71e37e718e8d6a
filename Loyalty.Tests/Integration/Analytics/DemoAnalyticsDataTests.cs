using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>The demo gives the analytics page's campaign and offer sections something to measure.</summary>
public sealed class DemoAnalyticsDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private AnalyticsFilter Default => AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));

    [Fact]
    public async Task The_demo_has_a_finished_campaign_with_a_ten_percent_holdout_whose_treated_members_bought_measurably_more()
    {
        var (start, end) = Default.Window;
        var results = await app.Services.GetRequiredService<GetCampaignResults>().ForWindowAsync(start, end);

        var lift = Assert.Single(results, r => r.Name == DemoSeeder.LiftCampaignName);
        Assert.Equal(10, lift.HoldoutPercent);
        Assert.True(lift.Lift.IsMeasurable, "the campaign's lift cannot be measured");
        Assert.True(lift.Lift.Treated.Members > 5 * lift.Lift.Holdout.Members, $"{lift.Lift.Treated.Members} treated, {lift.Lift.Holdout.Members} held out");
        Assert.True(lift.Lift.Difference > 0 && lift.Lift.Lift > 0, $"difference {lift.Lift.Difference}, lift {lift.Lift.Lift}");
        Assert.True(lift.IssuedPoints > 0 && lift.SalesTouched > 0, $"{lift.IssuedPoints} points issued on {lift.SalesTouched} of sales");
        Assert.NotNull(lift.Lift.CostPerIncrementalSale);
        var campaign = await app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Name == DemoSeeder.LiftCampaignName));
        var paid = await app.WithDbAsync(db => db.CampaignIssues.Where(i => i.CampaignId == campaign.Id).Select(i => i.MemberId).Distinct().ToListAsync());
        Assert.NotEmpty(paid);
        Assert.DoesNotContain(paid, campaign.IsHeldOut);
    }

    [Fact]
    public async Task The_demo_has_a_bonus_offer_activated_and_used_over_the_past_weeks_that_no_longer_changes_earning()
    {
        var offers = await app.Services.GetRequiredService<GetOfferAnalytics>().HandleAsync(Default);

        var bonus = Assert.Single(offers, o => o.Title == DemoSeeder.BonusOfferTitle);
        Assert.True(bonus.Activations >= 20, $"{bonus.Activations} activations");
        Assert.True(bonus.Uses > 0 && bonus.Uses <= 2 * bonus.Activations, $"{bonus.Uses} uses of {bonus.Activations} activations");
        var endsAt = await app.WithDbAsync(db => db.Offers.Where(o => o.Title == DemoSeeder.BonusOfferTitle).Select(o => o.EndsAt).SingleAsync());
        Assert.True(endsAt <= DateTimeOffset.UtcNow, $"the bonus offer is still live until {endsAt}");
    }
}
