using Bunit;
using Loyalty.Domain.Tiers;
using Loyalty.Tests.Builders;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Components.Shared;

public sealed class TierProgressCardTests : ComponentTestContext
{
    private static readonly TierPolicy Ladder = new([TierLadder.Bronze(), TierLadder.Silver(), TierLadder.Gold()]);

    [Fact]
    public void A_member_short_of_their_tier_is_warned_of_the_review_date_in_advance()
    {
        var progress = Ladder.Progress(TierLadder.Gold(), 4_500);

        var card = Render<TierProgressCard>(p => p
            .Add(c => c.Progress, progress)
            .Add(c => c.ReviewAt, new DateTimeOffset(2027, 3, 31, 0, 0, 0, TimeSpan.Zero)));

        var notice = card.Find("[data-testid=tier-review]");
        Assert.Contains("Tier review on 31 Mar 2027: keep Gold with 6,000 qualifying points by then.", notice.TextContent);
        Assert.Contains("mud-alert-text-warning", notice.ClassName);
    }

    [Fact]
    public void The_entry_tier_has_no_review_notice()
    {
        var card = Render<TierProgressCard>(p => p
            .Add(c => c.Progress, Ladder.Progress(TierLadder.Bronze(), 100))
            .Add(c => c.ReviewAt, new DateTimeOffset(2027, 3, 31, 0, 0, 0, TimeSpan.Zero)));

        Assert.Empty(card.FindAll("[data-testid=tier-review]"));
    }
}
