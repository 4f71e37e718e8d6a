using Loyalty.Domain;
using Loyalty.Domain.Tiers;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Tiers;

public sealed class TierPolicyTests
{
    private readonly TierPolicy _ladder = TierLadder.Standard();

    [Theory]
    [InlineData(0, "Bronze")]
    [InlineData(1_999, "Bronze")]
    [InlineData(2_000, "Silver")]
    [InlineData(5_999, "Silver")]
    [InlineData(6_000, "Gold")]
    [InlineData(14_999, "Gold")]
    [InlineData(15_000, "Platinum")]
    [InlineData(1_000_000, "Platinum")]
    public void A_tier_is_reached_at_its_threshold(long qualifying, string expected)
    {
        Assert.Equal(expected, _ladder.TierFor(qualifying).Name);
    }

    [Fact]
    public void Tiers_are_ordered_by_threshold_whatever_order_they_are_given_in()
    {
        var policy = new TierPolicy([TierLadder.Gold(), TierLadder.Bronze(), TierLadder.Platinum(), TierLadder.Silver()]);

        Assert.Equal(["Bronze", "Silver", "Gold", "Platinum"], policy.Ladder.Select(t => t.Name));
        Assert.Equal("Bronze", policy.Entry.Name);
        Assert.Equal("Platinum", policy.Above(TierLadder.Gold())?.Name);
        Assert.Null(policy.Above(TierLadder.Platinum()));
    }

    [Fact]
    public void Progress_from_Silver_to_Gold_halfway_is_50_percent()
    {
        var progress = _ladder.Progress(TierLadder.Silver(), qualifyingPoints: 4_000);

        Assert.Equal("Gold", progress.Next?.Name);
        Assert.Equal(2_000, progress.PointsToNext);
        Assert.Equal(50, progress.Percent);
        Assert.Equal(4_000, progress.QualifyingPoints);
    }

    [Theory]
    [InlineData(0, 2_000, 0)]
    [InlineData(1_500, 500, 75)]
    [InlineData(1_999, 1, 99)]
    public void Progress_in_the_entry_tier_counts_from_zero(long qualifying, long toNext, int percent)
    {
        var progress = _ladder.Progress(TierLadder.Bronze(), qualifying);

        Assert.Equal("Silver", progress.Next?.Name);
        Assert.Equal(toNext, progress.PointsToNext);
        Assert.Equal(percent, progress.Percent);
    }

    [Fact]
    public void Progress_of_a_member_kept_in_a_tier_above_their_points_stays_between_0_and_100()
    {
        // A member keeps Gold until re-evaluation even if the rolling window now holds fewer points.
        var progress = _ladder.Progress(TierLadder.Gold(), qualifyingPoints: 3_000);

        Assert.Equal(0, progress.Percent);
        Assert.Equal(12_000, progress.PointsToNext);
    }

    [Fact]
    public void The_top_tier_is_complete_and_has_no_next_tier()
    {
        var progress = _ladder.Progress(TierLadder.Platinum(), qualifyingPoints: 20_000);

        Assert.Null(progress.Next);
        Assert.Equal(0, progress.PointsToNext);
        Assert.Equal(100, progress.Percent);
    }

    [Fact]
    public void A_ladder_without_a_tier_at_zero_points_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => new TierPolicy([TierLadder.Silver(), TierLadder.Gold()]));

        Assert.Equal("tier.no-entry-tier", refused.Code);
        Assert.Contains("Silver", refused.Message);
    }

    [Fact]
    public void A_ladder_with_two_tiers_on_the_same_threshold_is_refused()
    {
        var gold = new TierBuilder().Named("Gold").From(6_000).Build();
        var ruby = new TierBuilder().Named("Ruby").From(6_000).Build();

        var refused = Assert.Throws<DomainException>(() => new TierPolicy([TierLadder.Bronze(), gold, ruby]));

        Assert.Equal("tier.duplicate-threshold", refused.Code);
        Assert.Contains("Gold and Ruby", refused.Message);
    }

    [Fact]
    public void A_ladder_without_tiers_is_refused()
    {
        Assert.Equal("tier.none", Assert.Throws<DomainException>(() => new TierPolicy([])).Code);
    }

    [Fact]
    public void Progress_for_a_tier_from_another_program_is_an_error()
    {
        var stranger = new TierBuilder().Named("Diamond").From(50_000).Build();

        Assert.Throws<ArgumentException>(() => _ladder.Progress(stranger, 60_000));
    }
}
