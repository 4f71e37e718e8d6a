using System.Net;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>The analytics page's rewards, offers, tournaments and campaigns figures, and their CSV downloads, on a demo program.</summary>
public sealed class EngagementAnalyticsTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static AnalyticsFilter Last90Days => AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));

    [Theory]
    [InlineData("rewards-top", "reward_id,reward,redemptions,points")]
    [InlineData("rewards-stock-outs", "reward_id,reward,cost_points,redemptions_in_range")]
    [InlineData("offers-use", "offer_id,offer,type,activations,uses")]
    [InlineData("tournaments-participation",
        "tournament_id,tournament,starts,ends,participants,members,participant_spend_per_member,other_spend_per_member")]
    [InlineData("campaigns-results",
        "campaign_id,campaign,holdout_percent,issued_points,cost,sales_touched,treated_members,holdout_members,treated_sales_per_member,holdout_sales_per_member,lift,lift_low,lift_high,incremental_sales,cost_per_incremental_sale,measured_at")]
    public async Task Each_engagement_and_campaign_table_downloads_as_csv_for_staff_with_its_headers(string name, string headers)
    {
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var response = await client.GetAsync($"/admin/analytics/{name}.csv?{Last90Days.ToQueryString()}", TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body[..Math.Min(body.Length, 3000)]}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = body.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(headers, lines[0].TrimEnd('\r'));
    }

    [Fact]
    public async Task Top_rewards_count_the_ranges_redemptions_without_cancelled_ones_and_a_live_reward_without_stock_is_a_stock_out()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var name = "Analytics prize " + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        var reward = new Reward(name, "", RewardCategory.FreeProduct, 7_777, 3, null, null, null, null);
        await app.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            await db.SaveChangesAsync();
            // 30 redemptions in the range (enough to be in anyone's top ten), one cancelled, and one from before the range.
            for (var i = 0; i < 31; i++) db.Redemptions.Add(new Redemption(reward.Id, name, memberId, 7_777, $"a-{Guid.NewGuid():N}", now.AddDays(-1)));
            db.Redemptions.Local.Last().Cancel(now);
            db.Redemptions.Add(new Redemption(reward.Id, name, memberId, 7_777, $"a-{Guid.NewGuid():N}", now.AddDays(-200)));
            await db.SaveChangesAsync();
            await db.Rewards.Where(r => r.Id == reward.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, 0));
            return 0;
        });

        var figures = await app.Services.GetRequiredService<GetRewardAnalytics>().HandleAsync(Last90Days, TestContext.Current.CancellationToken);

        var top = Assert.Single(figures.Top, r => r.RewardId == reward.Id);
        Assert.Equal((30, 30 * 7_777L), (top.Redemptions, top.Points));
        Assert.Equal(figures.Top.Max(r => r.Redemptions), figures.Top[0].Redemptions);
        var stockOut = Assert.Single(figures.StockOuts, r => r.RewardId == reward.Id);
        Assert.Equal((7_777L, 30), (stockOut.CostPoints, stockOut.RedemptionsInRange));
    }

    [Fact]
    public async Task The_demo_tournament_shows_its_participants_and_their_spend_per_member_against_everyone_elses()
    {
        var rows = await app.Services.GetRequiredService<GetTournamentAnalytics>().HandleAsync(Last90Days, TestContext.Current.CancellationToken);

        var demo = Assert.Single(rows, r => r.Participants > 0);
        Assert.True(demo.Members > demo.Participants);
        Assert.True(demo.ParticipantSpendPerMember > 0);
        var expected = await app.WithDbAsync(async db =>
        {
            var entrants = await db.TournamentEntries.Where(e => e.TournamentId == demo.TournamentId).Select(e => e.MemberId).ToListAsync();
            var amounts = await db.Purchases.Where(p => entrants.Contains(p.MemberId) && p.OccurredAt >= demo.StartsAt && p.OccurredAt < demo.EndsAt)
                .Select(p => p.Amount).ToListAsync();
            return decimal.Round(amounts.Sum() / entrants.Count, 2);
        });
        Assert.Equal(expected, demo.ParticipantSpendPerMember);
    }
}
