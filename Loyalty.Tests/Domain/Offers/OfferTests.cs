using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Offers;

public sealed class OfferTests
{
    private static readonly DateTimeOffset Start = OfferBuilder.Start;
    private static readonly DateTimeOffset End = OfferBuilder.End;
    private static readonly DateTimeOffset During = Start.AddDays(3);

    private static string NoCode() => throw new InvalidOperationException("No per-member code was expected.");

    [Fact]
    public void A_new_offer_is_a_draft_until_published()
    {
        var offer = new OfferBuilder().AsDraft().Build();

        Assert.Equal(OfferStatus.Draft, offer.Status);
        Assert.Equal(OfferState.Draft, offer.StateAt(During));
        Assert.Null(offer.PublishedAt);
    }

    [Fact]
    public void A_published_offer_is_scheduled_then_live_from_its_start_until_its_end()
    {
        var offer = new OfferBuilder().AsDraft().Build();

        offer.Publish(Start.AddDays(-1));

        Assert.Equal(Start.AddDays(-1), offer.PublishedAt);
        Assert.Equal(OfferState.Scheduled, offer.StateAt(Start.AddTicks(-1)));
        Assert.Equal(OfferState.Live, offer.StateAt(Start));
        Assert.Equal(OfferState.Live, offer.StateAt(End.AddTicks(-1)));
        Assert.Equal(OfferState.Ended, offer.StateAt(End));
    }

    [Fact]
    public void Ending_an_offer_early_ends_it_from_then_but_not_before()
    {
        var offer = new OfferBuilder().Build();

        offer.End(During);
        offer.End(During.AddDays(1)); // no change

        Assert.Equal(OfferStatus.Ended, offer.Status);
        Assert.Equal(During, offer.EndedAt);
        Assert.Equal(OfferState.Ended, offer.StateAt(During));
        Assert.Equal(OfferState.Live, offer.StateAt(During.AddMinutes(-5))); // a purchase made just before still counts
    }

    [Fact]
    public void Only_a_draft_can_be_published()
    {
        var offer = new OfferBuilder().Build();

        Assert.Equal("offer.not-draft", Assert.Throws<DomainException>(() => offer.Publish(During)).Code);
    }

    [Fact]
    public void An_offer_whose_end_has_passed_cannot_be_published()
    {
        var offer = new OfferBuilder().AsDraft().Build();

        var refused = Assert.Throws<DomainException>(() => offer.Publish(End));

        Assert.Equal("offer.already-ended", refused.Code);
        Assert.Contains("2025-06-16 00:00 UTC", refused.Message);
        Assert.Equal(OfferStatus.Draft, offer.Status);
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("scheduled")]
    [InlineData("ended")]
    public void An_offer_that_is_not_live_cannot_be_activated(string state)
    {
        var (offer, at) = state switch
        {
            "draft" => (new OfferBuilder().AsDraft().Build(), During),
            "scheduled" => (new OfferBuilder().Build(), Start.AddHours(-1)),
            _ => (new OfferBuilder().Build(), End),
        };

        var refused = Assert.Throws<DomainException>(() => offer.Activate(7, at, NoCode));

        Assert.Equal("offer.not-live", refused.Code);
        Assert.Equal(0, offer.Activations);
    }

    [Fact]
    public void A_scheduled_offer_says_when_it_starts()
    {
        var refused = Assert.Throws<DomainException>(() => new OfferBuilder().Build().Activate(7, Start.AddHours(-1), NoCode));

        Assert.Equal("This offer starts on 2025-06-02 00:00 UTC.", refused.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(25)]
    public void A_quantity_of_N_allows_exactly_N_activations(int quantity)
    {
        var offer = new OfferBuilder().Limited(quantity).Build();

        for (var member = 1; member <= quantity; member++)
        {
            Assert.Equal(quantity - member + 1, offer.Remaining);
            offer.Activate(member, During, NoCode);
        }
        var refused = Assert.Throws<DomainException>(() => offer.Activate(quantity + 1, During, NoCode));

        Assert.Equal("offer.sold-out", refused.Code);
        Assert.Equal(quantity, offer.Activations);
        Assert.Equal(0, offer.Remaining);
    }

    [Fact]
    public void An_unlimited_offer_has_no_remaining_count()
    {
        var offer = new OfferBuilder().Limited(null).Build();

        offer.Activate(1, During, NoCode);

        Assert.Null(offer.Remaining);
        Assert.Equal(1, offer.Activations);
    }

    [Fact]
    public void An_activation_records_who_and_when()
    {
        var offer = new OfferBuilder().WithId(12).Build();

        var activation = offer.Activate(7, During, NoCode);

        Assert.Equal((12, 7L, During), (activation.OfferId, activation.MemberId, activation.ActivatedAt));
    }

    [Fact]
    public void Without_a_coupon_the_activation_has_no_code()
    {
        Assert.Null(new OfferBuilder().Build().Activate(7, During, NoCode).CouponCode);
    }

    [Fact]
    public void A_shared_coupon_gives_everyone_the_same_upper_case_code()
    {
        var offer = new OfferBuilder().WithSharedCode(" summer-25 ").Build();

        Assert.Equal("SUMMER-25", offer.SharedCode);
        Assert.Equal("SUMMER-25", offer.Activate(7, During, NoCode).CouponCode);
        Assert.Equal("SUMMER-25", offer.Activate(8, During, NoCode).CouponCode);
    }

    [Fact]
    public void Per_member_coupons_give_each_activation_its_own_code()
    {
        var offer = new OfferBuilder().WithPerMemberCodes().Build();
        var codes = new Queue<string>(["K7Q2-XX", "M3P9-YY"]);

        var first = offer.Activate(7, During, codes.Dequeue);
        var second = offer.Activate(8, During, codes.Dequeue);

        Assert.Equal(("K7Q2-XX", "M3P9-YY"), (first.CouponCode, second.CouponCode));
        Assert.Null(offer.SharedCode);
    }

    [Fact]
    public void An_activated_bonus_applies_as_many_times_as_the_offer_allows_then_is_used_up()
    {
        var activation = new OfferBuilder().Multiplying(2m).UsableTimes(2).Build().Activate(7, During, NoCode);

        activation.UseOnce();
        activation.UseOnce();

        Assert.Equal(0, activation.UsesLeft);
        Assert.Equal("offer.used-up", Assert.Throws<DomainException>(activation.UseOnce).Code);
    }

    [Fact]
    public void An_activated_discount_has_no_bonus_uses()
    {
        var offer = new OfferBuilder().PercentOff(20m).UsableTimes(3).Build();

        Assert.False(offer.IsBonus);
        Assert.Equal(0, offer.Activate(7, During, NoCode).UsesLeft);
    }

    [Fact]
    public void A_free_item_offer_ignores_the_value_and_keeps_the_item_name()
    {
        var offer = new OfferBuilder().FreeItem(" Croissant ").Build();

        Assert.Equal((0m, "Croissant"), (offer.Value, offer.FreeItemName));
        Assert.Null(new OfferBuilder().Multiplying(2m).Build().FreeItemName);
    }

    [Theory]
    [InlineData("title", "offer.title", "1-120 characters")]
    [InlineData("long title", "offer.title", "1-120 characters")]
    [InlineData("description", "offer.description", "2,000 characters")]
    [InlineData("percent 0", "offer.value", "between 1 and 100 %, not 0")]
    [InlineData("percent 101", "offer.value", "between 1 and 100 %, not 101")]
    [InlineData("multiplier 1", "offer.value", "above 1 and at most 10 (2 = double points), not 1")]
    [InlineData("multiplier 11", "offer.value", "not 11")]
    [InlineData("bonus fraction", "offer.value", "whole number between 1 and 1,000,000, not 12.5")]
    [InlineData("bonus too big", "offer.value", "not 1000001")]
    [InlineData("free item", "offer.free-item", "Name the free item")]
    [InlineData("min spend", "offer.min-spend", "cannot be negative (-1)")]
    [InlineData("uses 0", "offer.uses", "between 1 and 100, not 0")]
    [InlineData("uses 101", "offer.uses", "not 101")]
    [InlineData("window", "offer.window", "end after it starts")]
    [InlineData("quantity", "offer.quantity", "at least 1, not 0")]
    [InlineData("shared code", "offer.shared-code", "'AB' is not")]
    [InlineData("shared code chars", "offer.shared-code", "'SUMMER 25' is not")]
    [InlineData("category", "offer.category", "at most 40 characters")]
    public void Each_invalid_field_is_refused_with_a_message_saying_what_is_allowed(string field, string code, string message)
    {
        var b = new OfferBuilder().AsDraft();
        _ = field switch
        {
            "title" => b.Titled(" "),
            "long title" => b.Titled(new string('x', 121)),
            "description" => b.Described(new string('x', 2001)),
            "percent 0" => b.PercentOff(0m),
            "percent 101" => b.PercentOff(101m),
            "multiplier 1" => b.Multiplying(1m),
            "multiplier 11" => b.Multiplying(11m),
            "bonus fraction" => b.GivingBonus(12.5m),
            "bonus too big" => b.GivingBonus(1_000_001m),
            "free item" => b.FreeItem(" "),
            "min spend" => b.WithMinSpend(-1m),
            "uses 0" => b.UsableTimes(0),
            "uses 101" => b.UsableTimes(101),
            "window" => b.Between(Start, Start),
            "quantity" => b.Limited(0),
            "shared code" => b.WithSharedCode("ab"),
            "shared code chars" => b.WithSharedCode("summer 25"),
            "category" => b.InCategory(new string('c', 41)),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var refused = Assert.Throws<DomainException>(b.Build);

        Assert.Equal(code, refused.Code);
        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void The_quantity_cannot_go_below_the_activations_already_made()
    {
        var offer = new OfferBuilder().Limited(5).Build();
        offer.Activate(1, During, NoCode);
        offer.Activate(2, During, NoCode);

        var refused = Assert.Throws<DomainException>(() => Update(offer, quantity: 1));
        Update(offer, quantity: 2);

        Assert.Equal("offer.quantity-below-activations", refused.Code);
        Assert.Contains("cannot go below 2", refused.Message);
        Assert.Equal(0, offer.Remaining);
    }

    [Fact]
    public void Update_changes_the_terms()
    {
        var offer = new OfferBuilder().Build();

        Update(offer, quantity: 10);

        Assert.Equal(("Coffee week, again", OfferType.FixedBonusPoints, 300m, 10), (offer.Title, offer.Type, offer.Value, offer.Quantity));
        Assert.Equal([1, 2], offer.StoreIds);
        Assert.Equal(["Riga"], offer.Targeting.Cities);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("images/a.png")]
    public void An_image_must_be_a_plain_file_name(string fileName)
    {
        var offer = new OfferBuilder().Build();

        Assert.Equal("offer.image", Assert.Throws<DomainException>(() => offer.SetImage(fileName)).Code);
        offer.SetImage("3f2a.webp");
        Assert.Equal("3f2a.webp", offer.ImageFileName);
    }

    private static void Update(Offer offer, int? quantity) =>
        offer.Update("Coffee week, again", "", OfferType.FixedBonusPoints, 300m, null, null, null, 1, Start, End, quantity,
            CouponMode.None, null, new Targeting(cities: ["Riga"]), [1, 2, 2]);
}
