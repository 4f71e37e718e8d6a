using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Campaigns;

public sealed class CampaignHoldoutTests
{
    [Fact]
    public void The_holdout_draw_is_pinned_so_every_process_and_instance_gives_the_same_answer()
    {
        // SplitMix64(SplitMix64(campaign) ^ member) % 100, worked out independently (Python) for campaign 1, members 1-10:
        // a per-process hash (HashCode) or another mix would not give these.
        int[] expected = [6, 27, 15, 35, 75, 18, 66, 1, 24, 65];

        Assert.Equal(expected, Enumerable.Range(1, 10).Select(m => Campaign.HoldoutBucket(1, m)));
        Assert.Equal(expected, Enumerable.Range(1, 10).Select(m => Campaign.HoldoutBucket(1, m)));
    }

    [Fact]
    public void The_same_member_is_held_out_or_not_every_time_and_two_campaigns_hold_out_different_members()
    {
        var first = new CampaignBuilder().WithId(1).HoldingOut(20).Build();
        var second = new CampaignBuilder().WithId(2).HoldingOut(20).Build();
        var members = Enumerable.Range(1, 1_000).Select(i => (long)i).ToList();

        var heldFirst = members.Where(first.IsHeldOut).ToHashSet();

        Assert.Equal(heldFirst, members.Where(first.IsHeldOut).ToHashSet());
        var heldSecond = members.Where(second.IsHeldOut).ToHashSet();
        // Independent draws: about 20% × 20% = 4% of members are in both, far from all of them.
        Assert.InRange(heldFirst.Intersect(heldSecond).Count(), 10, 80);
    }

    [Theory]
    [InlineData(7, 10)]
    [InlineData(8, 25)]
    [InlineData(9, 50)]
    public void Over_100000_members_the_held_out_share_is_the_holdout_percent_within_half_a_point(int campaignId, int percent)
    {
        var campaign = new CampaignBuilder().WithId(campaignId).HoldingOut(percent).Build();

        var held = Enumerable.Range(1, 100_000).Count(m => campaign.IsHeldOut(m));

        // Binomial standard deviation at 50%: √(0.25 / 100,000) ≈ 0.16 points; ± 0.5 points is over 3 of them.
        Assert.InRange(held / 1_000.0, percent - 0.5, percent + 0.5);
    }

    [Fact]
    public void Without_a_holdout_nobody_is_held_out()
    {
        var campaign = new CampaignBuilder().WithId(3).Build();

        Assert.DoesNotContain(Enumerable.Range(1, 10_000), m => campaign.IsHeldOut(m));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(51)]
    public void A_holdout_outside_0_to_50_percent_is_refused(int percent)
    {
        var refused = Assert.Throws<DomainException>(() => new CampaignBuilder().AsDraft().HoldingOut(percent).Build());

        Assert.Equal("campaign.holdout", refused.Code);
    }

    [Fact]
    public void A_draft_may_change_its_holdout_but_once_activated_it_is_fixed()
    {
        var campaign = new CampaignBuilder().AsDraft().HoldingOut(10).Build();
        campaign.ChangeHoldout(15);
        campaign.Activate();
        campaign.Pause();

        var refused = Assert.Throws<DomainException>(() => campaign.ChangeHoldout(20));

        Assert.Equal(("campaign.holdout-fixed", RefusalKind.Conflict), (refused.Code, refused.Kind));
        Assert.Equal(15, campaign.HoldoutPercent);
        campaign.ChangeHoldout(15); // saving the form unchanged is not a change
    }

    [Fact]
    public void The_budget_alert_is_due_from_80_percent_of_the_budget_and_only_once()
    {
        var campaign = new CampaignBuilder().WithBudget(1_000).Build();
        campaign.Issue(799);
        Assert.False(campaign.BudgetAlertDue);

        campaign.Issue(1);
        Assert.True(campaign.BudgetAlertDue);
        campaign.MarkBudgetAlerted(CampaignBuilder.Start);

        Assert.False(campaign.BudgetAlertDue);
        Assert.True(campaign.IsNearBudget);
        Assert.Throws<InvalidOperationException>(() => campaign.MarkBudgetAlerted(CampaignBuilder.Start));
        Assert.False(new CampaignBuilder().Build().BudgetAlertDue); // no cap, no alert
    }
}
