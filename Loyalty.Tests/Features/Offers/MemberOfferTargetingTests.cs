using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Offers;

namespace Loyalty.Tests.Features.Offers;

/// <summary>A member sees, and may activate, only the offers meant for them; the others do not exist for them.</summary>
public sealed class MemberOfferTargetingTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_gold_member_in_Riga_sees_the_offer_for_gold_members_in_Riga_with_both_reasons()
    {
        var gold = await app.TierIdAsync("gold");
        var offerId = await app.AddLiveOfferAsync(b => b.Titled("Gold Riga").Targeting(new Targeting([gold], cities: ["Riga"])));
        var member = await app.MemberAsync("Riga", "gold");

        var offers = await app.Use<GetMemberOffers>().HandleAsync(member, Ct);

        var offer = Assert.Single(offers, o => o.Id == offerId);
        Assert.Equal([(OfferReasonKind.Tier, "Gold"), (OfferReasonKind.City, "Riga")], offer.Reasons.Select(r => (r.Kind, r.Name)));
    }

    [Theory]
    [InlineData("Riga", "silver")]
    [InlineData("Tallinn", "gold")]
    public async Task A_member_outside_the_tier_or_city_neither_sees_the_offer_nor_can_activate_it(string city, string tier)
    {
        var gold = await app.TierIdAsync("gold");
        var offerId = await app.AddLiveOfferAsync(b => b.Titled("Gold Riga only").Targeting(new Targeting([gold], cities: ["Riga"])));
        var member = await app.MemberAsync(city, tier);

        var offers = await app.Use<GetMemberOffers>().HandleAsync(member, Ct);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => app.Use<ActivateOffer>().HandleAsync(member, offerId, Ct));

        Assert.DoesNotContain(offers, o => o.Id == offerId);
        Assert.Equal((RefusalKind.NotFound, "That offer does not exist."), (refusal.Kind, refusal.Message));
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.OfferActivations.Count(a => a.OfferId == offerId))));
    }

    [Fact]
    public async Task A_segment_offer_reaches_members_of_the_segment_only()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Targeting(new Targeting(segmentCodes: ["coffee-lovers"])));
        var inside = await app.MemberAsync("Baku", segments: ["coffee-lovers"]);
        var outside = await app.MemberAsync("Baku");

        var seen = await app.Use<GetMemberOffers>().HandleAsync(inside, Ct);
        var unseen = await app.Use<GetMemberOffers>().HandleAsync(outside, Ct);

        Assert.Contains(seen, o => o.Id == offerId && o.Reasons.Single().Kind == OfferReasonKind.Segment);
        Assert.DoesNotContain(unseen, o => o.Id == offerId);
        await Assert.ThrowsAsync<DomainException>(() => app.Use<ActivateOffer>().HandleAsync(outside, offerId, Ct));
    }

    [Fact]
    public async Task A_member_without_personalisation_consent_gets_no_personalised_offer_even_when_the_category_matches()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Targeting(new Targeting(personalCategory: "coffee")));
        var consenting = await app.MemberAsync("Almaty", consent: true, topCategories: ["coffee", "bakery"]);
        var notConsenting = await app.MemberAsync("Almaty", consent: false, topCategories: ["coffee", "bakery"]);

        var seen = await app.Use<GetMemberOffers>().HandleAsync(consenting, Ct);
        var unseen = await app.Use<GetMemberOffers>().HandleAsync(notConsenting, Ct);

        var reason = Assert.Single(Assert.Single(seen, o => o.Id == offerId).Reasons);
        Assert.Equal((OfferReasonKind.Category, "Coffee"), (reason.Kind, reason.Name));
        Assert.DoesNotContain(unseen, o => o.Id == offerId);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => app.Use<ActivateOffer>().HandleAsync(notConsenting, offerId, Ct));
        Assert.Equal(RefusalKind.NotFound, refusal.Kind);
    }

    [Fact]
    public async Task Drafts_scheduled_and_ended_offers_are_not_shown()
    {
        var now = DateTimeOffset.UtcNow;
        var draft = await app.AddLiveOfferAsync(b => b.AsDraft());
        var scheduled = await app.AddLiveOfferAsync(b => b.Between(now.AddDays(2), now.AddDays(5)));
        var ended = await app.AddLiveOfferAsync(b => b.Between(now.AddDays(-5), now.AddDays(-1)));
        var member = await app.MemberAsync("Riga");

        var offers = await app.Use<GetMemberOffers>().HandleAsync(member, Ct);

        Assert.DoesNotContain(offers, o => o.Id == draft || o.Id == scheduled || o.Id == ended);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => app.Use<ActivateOffer>().HandleAsync(member, draft, Ct));
        Assert.Equal(RefusalKind.NotFound, refusal.Kind);
    }

    [Fact]
    public async Task Offers_ending_within_three_days_come_first_then_the_newest()
    {
        var now = DateTimeOffset.UtcNow;
        var only = new Targeting(cities: ["Orderville"]);
        var old = await app.AddLiveOfferAsync(b => b.Targeting(only).Between(now.AddDays(-9), now.AddDays(20)));
        var recent = await app.AddLiveOfferAsync(b => b.Targeting(only).Between(now.AddDays(-1), now.AddDays(20)));
        var endingLater = await app.AddLiveOfferAsync(b => b.Targeting(only).Between(now.AddDays(-20), now.AddDays(2.5)));
        var endingFirst = await app.AddLiveOfferAsync(b => b.Targeting(only).Between(now.AddDays(-20), now.AddDays(1)));
        var member = await app.MemberAsync("Orderville");

        var offers = await app.Use<GetMemberOffers>().HandleAsync(member, Ct);

        Assert.Equal([endingFirst, endingLater, recent, old], offers.Where(o => o.Reasons[0].Kind == OfferReasonKind.City).Select(o => o.Id));
    }
}
