using Bunit;
using Loyalty.Domain.Offers;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Offers;

namespace Loyalty.Tests.Components.Shared;

public sealed class OfferCardTests : ComponentTestContext
{
    private static readonly DateTimeOffset Ends = new(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);

    private static MemberOffer Offer(OfferReasonView[] reasons, MemberActivation? activation = null, int? remaining = 12,
        OfferType type = OfferType.PointsMultiplier, decimal value = 2) =>
        new(7, "Coffee week", "Double points on coffee", null, type, value, null, null, null, 3, Ends.AddDays(-10), Ends, Ends.AddDays(-10),
            remaining, [], reasons, activation);

    [Fact]
    public void An_offer_card_says_why_the_member_gets_it_and_when_it_ends()
    {
        var card = Render<OfferCard>(p => p.Add(c => c.Offer, Offer([
            new(OfferReasonKind.Category, "coffee", "Coffee"),
            new(OfferReasonKind.Tier, "3", "Gold"),
            new(OfferReasonKind.City, "Riga", "Riga"),
        ])));

        Assert.Equal(["Because you often buy Coffee", "Gold members", "Stores in Riga"],
            card.FindAll("[data-testid=offer-reason]").Select(r => r.TextContent.Trim()));
        Assert.Equal($"Ends {Display.DateTime(Ends)}", card.Find("[data-testid=offer-ends]").TextContent.Trim());
        Assert.Contains("24", card.Find("[data-testid=offer-ends]").TextContent);
        Assert.Equal("12 left", card.Find("[data-testid=offer-remaining]").TextContent.Trim());
        Assert.Equal("2× points", card.Find("[data-testid=offer-what]").TextContent.Trim());
    }

    [Fact]
    public void An_offer_for_everyone_says_so_and_can_be_activated()
    {
        MemberOffer? activated = null;
        var offer = Offer([new(OfferReasonKind.Everyone, "", "")]);
        var card = Render<OfferCard>(p => p.Add(c => c.Offer, offer).Add(c => c.OnActivate, (MemberOffer o) => activated = o));

        card.FindAll("button").Single(b => b.TextContent.Contains("Activate")).Click();

        Assert.Equal("For all members", card.Find("[data-testid=offer-reason]").TextContent.Trim());
        Assert.Same(offer, activated);
    }

    [Fact]
    public void An_activated_bonus_offer_shows_its_code_and_the_purchases_it_still_applies_to_instead_of_the_button()
    {
        var card = Render<OfferCard>(p => p.Add(c => c.Offer,
            Offer([new(OfferReasonKind.Segment, "value-high", "value-high")], new MemberActivation(Ends.AddDays(-1), "ABCD-EFGH-JKMN", 3))));

        Assert.Equal("ABCD-EFGH-JKMN", card.Find("[data-testid=offer-code]").TextContent.Trim());
        Assert.Contains("Activated: applies to your next 3 qualifying purchases", card.Find("[data-testid=offer-activated]").TextContent);
        Assert.Equal("For high-value members", card.Find("[data-testid=offer-reason]").TextContent.Trim());
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Activate"));
    }

    [Fact]
    public void A_sold_out_offer_has_no_activate_button()
    {
        var card = Render<OfferCard>(p => p.Add(c => c.Offer, Offer([new(OfferReasonKind.Everyone, "", "")], remaining: 0)));

        Assert.Contains("All taken", card.Markup);
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Activate"));
    }
}
