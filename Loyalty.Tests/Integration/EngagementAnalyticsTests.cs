using System.Net;
using Loyalty.Domain.Rewards;
using Loyalty.Tests.Integration.Analytics;
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

        var query = app.Services.GetRequiredService<GetRewardAnalytics>();
        var before = await query.HandleAsync(Last90Days, TestContext.Current.CancellationToken);
        await AnalyticsWorld.RollUpAllAsync(app);
        var figures = await query.HandleAsync(Last90Days, TestContext.Current.CancellationToken);

        // Read from the rewards' daily rollup: nothing of these before it was rolled up.
        Assert.DoesNotContain(before.Top, r => r.RewardId == reward.Id);
        var top = Assert.Single(figures.Top, r => r.RewardId == reward.Id);
        Assert.Equal((30, 30 * 7_777L), (top.Redemptions, top.Points));
        Assert.Equal(figures.Top.Max(r => r.Redemptions), figures.Top[0].Redemptions);
        var stockOut = Assert.Single(figures.StockOuts, r => r.RewardId == reward.Id);
        Assert.Equal((7_777L, 30), (stockOut.CostPoints, stockOut.RedemptionsInRange));

        // A cancellation by the use case, learned from its ledger entries: one fewer on the day it was issued.
        var first = await app.WithDbAsync(db => db.Redemptions.Where(r => r.RewardId == reward.Id && r.Status == RedemptionStatus.Issued)
            .OrderByDescending(r => r.IssuedAt).Select(r => r.Id).FirstAsync());
        await app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(first, "admin@test", "test", TestContext.Current.CancellationToken);
        await AnalyticsWorld.RollUpAllAsync(app);
        top = Assert.Single((await query.HandleAsync(Last90Days, TestContext.Current.CancellationToken)).Top, r => r.RewardId == reward.Id);
        Assert.Equal((29, 29 * 7_777L), (top.Redemptions, top.Points));
    }

    [Fact]
    public async Task Top_rewards_from_the_rollup_equal_the_redemptions_grouped_in_any_range_of_the_demo()
    {
        await AnalyticsWorld.RollUpAllAsync(app);
        var query = app.Services.GetRequiredService<GetRewardAnalytics>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var filter in new[] { Last90Days, new AnalyticsFilter(today.AddDays(-730), today), new AnalyticsFilter(today.AddDays(-6), today),
                     new AnalyticsFilter(today.AddDays(-400), today.AddDays(-200)) })
        {
            var (start, end) = filter.Window;
            var expected = await app.WithDbAsync(async db => (await db.Redemptions.AsNoTracking()
                    .Where(r => r.IssuedAt >= start && r.IssuedAt < end && r.Status != RedemptionStatus.Cancelled && r.Points > 0).ToListAsync())
                .GroupBy(r => r.RewardId).Select(g => (RewardId: g.Key, Redemptions: g.Count(), Points: g.Sum(r => r.Points)))
                .OrderByDescending(g => g.Redemptions).ThenBy(g => g.RewardId).Take(GetRewardAnalytics.TopCount).ToList());

            var figures = await query.HandleAsync(filter, TestContext.Current.CancellationToken);

            Assert.Equal(expected, figures.Top.Select(r => (r.RewardId, r.Redemptions, r.Points)).ToList());
        }
        // The demo has redemptions in its last 90 days, so the comparison is not of two empty lists.
        Assert.NotEmpty((await query.HandleAsync(Last90Days, TestContext.Current.CancellationToken)).Top);
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
