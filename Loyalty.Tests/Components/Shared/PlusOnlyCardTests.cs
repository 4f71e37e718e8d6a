using Bunit;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;

namespace Loyalty.Tests.Components.Shared;

/// <summary>Plus-only offers and rewards on a non-Plus member's cards: marked, locked, with a way to join Plus instead of the action.</summary>
public sealed class PlusOnlyCardTests : ComponentTestContext
{
    private static readonly DateTimeOffset Ends = new(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);

    private static MemberOffer Offer(bool locked) =>
        new MemberOffer(7, "Plus coffee", "Double points on coffee", null, OfferType.PointsMultiplier, 2, null, null, null, 1, Ends.AddDays(-10), Ends,
            Ends.AddDays(-10), null, [], [new(OfferReasonKind.Everyone, "", "")], null) { PlusOnly = true, Locked = locked };

    [Fact]
    public void A_locked_Plus_only_offer_shows_the_mark_and_Join_Plus_instead_of_Activate()
    {
        var card = Render<OfferCard>(p => p.Add(c => c.Offer, Offer(locked: true)));

        Assert.Equal("Plus members only", card.Find("[data-testid=plus-only]").TextContent.Trim());
        Assert.Equal("/plus", card.Find("[data-testid=join-plus]").GetAttribute("href"));
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Activate"));
    }

    [Fact]
    public void A_Plus_member_sees_the_mark_and_can_activate()
    {
        var card = Render<OfferCard>(p => p.Add(c => c.Offer, Offer(locked: false)));

        Assert.Single(card.FindAll("[data-testid=plus-only]"));
        Assert.Empty(card.FindAll("[data-testid=join-plus]"));
        Assert.Single(card.FindAll("button"), b => b.TextContent.Contains("Activate"));
    }

    [Fact]
    public void A_Plus_only_reward_for_a_member_without_Plus_says_so_and_links_to_Plus_instead_of_Redeem()
    {
        var item = new CatalogItem(3, "Lounge pass", "", null, RewardCategory.Experience, 100, 1m, null, RewardBlock.PlusOnly, 0);

        var card = Render<RewardCard>(p => p.Add(c => c.Item, item).Add(c => c.Currency, "EUR"));

        Assert.Equal("For Plus members only.", card.Find("[data-testid=unavailable]").TextContent.Trim());
        Assert.Single(card.FindAll("[data-testid=join-plus]"));
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Redeem"));
    }
}
