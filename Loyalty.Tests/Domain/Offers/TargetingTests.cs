using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Offers;

public sealed class TargetingTests
{
    private static readonly IReadOnlySet<string> NoSegments = new HashSet<string>();

    private static OfferReasonKind[] Kinds(TargetingMatch? match) => match!.Reasons.Select(r => r.Kind).ToArray();

    [Fact]
    public void Targeting_nobody_in_particular_reaches_everyone_and_says_so()
    {
        var match = Targeting.Everyone.Match(new ProfileBuilder().Build(), NoSegments);

        Assert.Equal([new OfferReason(OfferReasonKind.Everyone, "")], match?.Reasons);
    }

    [Fact]
    public void Everyone_is_a_new_value_each_time_so_two_offers_never_share_one()
    {
        Assert.NotSame(Targeting.Everyone, Targeting.Everyone);
        Assert.True(Targeting.Everyone.IsEveryone);
    }

    [Fact]
    public void Tiers_are_alternatives()
    {
        var goldOrPlatinum = new Targeting(tierIds: [3, 4]);

        Assert.Equal([new OfferReason(OfferReasonKind.Tier, "4")], goldOrPlatinum.Match(new ProfileBuilder().InTier(4).Build(), NoSegments)?.Reasons);
        Assert.NotNull(goldOrPlatinum.Match(new ProfileBuilder().InTier(3).Build(), NoSegments));
        Assert.Null(goldOrPlatinum.Match(new ProfileBuilder().InTier(2).Build(), NoSegments));
    }

    [Fact]
    public void Segments_are_alternatives_and_each_one_the_member_is_in_is_a_reason()
    {
        var targeting = new Targeting(segmentCodes: [SegmentCodes.ValueHigh, "coffee-lovers", "students"]);
        var member = new ProfileBuilder().Build();

        Assert.Equal(
            [new OfferReason(OfferReasonKind.Segment, "value-high"), new OfferReason(OfferReasonKind.Segment, "students")],
            targeting.Match(member, new HashSet<string> { "students", "value-high", "riga-young" })?.Reasons);
        Assert.Null(targeting.Match(member, new HashSet<string> { "value-low" }));
    }

    [Fact]
    public void Kinds_must_all_hold()
    {
        var goldOrPlatinumInRiga = new Targeting(tierIds: [3, 4], cities: ["Riga"]);

        Assert.Null(goldOrPlatinumInRiga.Match(new ProfileBuilder().InTier(3).LivingIn("Tallinn").Build(), NoSegments));
        Assert.Null(goldOrPlatinumInRiga.Match(new ProfileBuilder().InTier(1).LivingIn("Riga").Build(), NoSegments));
        Assert.Equal(
            [new OfferReason(OfferReasonKind.Tier, "3"), new OfferReason(OfferReasonKind.City, "Riga")],
            goldOrPlatinumInRiga.Match(new ProfileBuilder().InTier(3).LivingIn(" riga").Build(), NoSegments)?.Reasons);
    }

    [Fact]
    public void Reasons_come_as_category_tier_segment_city()
    {
        var targeting = new Targeting(tierIds: [3], segmentCodes: ["value-high"], cities: ["Baku"], personalCategory: "Coffee");
        var member = new ProfileBuilder().InTier(3).LivingIn("Baku").Buying("coffee").ConsentingToPersonalisation().Build();

        var match = targeting.Match(member, new HashSet<string> { "value-high" });

        Assert.Equal([OfferReasonKind.Category, OfferReasonKind.Tier, OfferReasonKind.Segment, OfferReasonKind.City], Kinds(match));
        Assert.Equal(["Coffee", "3", "value-high", "Baku"], match!.Reasons.Select(r => r.Argument));
    }

    [Fact]
    public void A_personalised_offer_does_not_reach_a_member_without_consent_even_when_the_category_fits()
    {
        var targeting = new Targeting(personalCategory: "coffee");
        var buysCoffee = new ProfileBuilder().Buying("coffee", "bakery");

        Assert.Null(targeting.Match(buysCoffee.ConsentingToPersonalisation(false).Build(), NoSegments));
        Assert.Equal([OfferReasonKind.Category], Kinds(targeting.Match(buysCoffee.ConsentingToPersonalisation().Build(), NoSegments)));
    }

    [Fact]
    public void A_personalised_offer_does_not_reach_a_consenting_member_who_does_not_buy_the_category()
    {
        var targeting = new Targeting(personalCategory: "coffee");

        Assert.Null(targeting.Match(new ProfileBuilder().Buying("tea").ConsentingToPersonalisation().Build(), NoSegments));
    }

    [Fact]
    public void Blank_values_are_dropped_and_segment_codes_lower_cased()
    {
        var targeting = new Targeting(tierIds: [3, 3], segmentCodes: [" Value-High ", ""], cities: ["Riga", "RIGA", " "], personalCategory: " ");

        Assert.Equal([3], targeting.TierIds);
        Assert.Equal(["value-high"], targeting.SegmentCodes);
        Assert.Equal(["Riga"], targeting.Cities);
        Assert.Null(targeting.PersonalCategory);
    }
}
