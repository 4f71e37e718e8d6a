using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Purchases;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Earning;

/// <summary>
/// A Gold member (× 1.25, 10 pts per EUR) buys 45.00 EUR in Riga on a Saturday: 12.50 of coffee and 32.50 of pastry.
/// Base: 45 × 10 × 1.25 = 562.5 → 562 pts.
/// </summary>
public sealed class EarnCombinationTests
{
    private const string Base = "Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts";
    private const int Riga = 1;
    private static readonly DateTimeOffset Saturday = CampaignBuilder.Start.AddDays(5).AddHours(12);

    private static readonly PurchaseItem[] CoffeeAndPastry =
    [
        new("ESP-2", "coffee", 2, 6.25m),
        new("CRS-1", "pastry", 1, 32.50m),
    ];

    // Extra 12.50 × 10 × 1.25 × (2 − 1) = 156.25 → 156
    private static Campaign DoubleCoffee() => new CampaignBuilder().WithId(1).Named("Double coffee").Multiplying(2m).InCategory("coffee").Build();

    // Extra 45 × 10 × 1.25 × (1.5 − 1) = 281.25 → 281
    private static Campaign WeekendTreat(long? budget = null) =>
        new CampaignBuilder().WithId(2).Named("Weekend treat").Multiplying(1.5m).On(DaysOfWeek.Weekend).WithBudget(budget).Build();

    private static PurchaseEarnInput Purchase(IReadOnlyCollection<PurchaseItem>? items = null) =>
        new(45.00m, "EUR", "Riga Central", Riga, Saturday, 10m, TierLadder.Gold()) { Items = items ?? CoffeeAndPastry };

    private static ActivatedOffer Activated(Offer offer, long activationId) =>
        new(offer, offer.Activate(7, Saturday.AddDays(-1), () => "UNUSED").SavedAs(activationId));

    [Fact]
    public void With_Add_two_campaigns_each_add_their_extra_on_top_of_the_tier_multiplied_base()
    {
        var (coffee, weekend) = (DoubleCoffee(), WeekendTreat());

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [weekend, coffee], Stacking = CampaignStacking.Add });

        Assert.Equal(999, result.Points);
        Assert.Equal(Base
            + " + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts"
            + " + campaign 'Weekend treat' 45.00 × 10 pts × 1.25 × (1.5 − 1) = 281 pts"
            + " = 999 pts", ReasonWords.English(result.Reason));
        Assert.Equal(562, result.BasePoints);
        Assert.Equal([new CampaignAward(1, 156, 12.50m), new CampaignAward(2, 281, 45.00m)], result.Campaigns);
        Assert.Equal((156, 281), (coffee.IssuedPoints, weekend.IssuedPoints));
    }

    [Fact]
    public void With_Best_only_the_campaign_giving_the_most_adds_and_only_it_is_charged()
    {
        var (coffee, weekend) = (DoubleCoffee(), WeekendTreat());

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [coffee, weekend], Stacking = CampaignStacking.Best });

        Assert.Equal(843, result.Points);
        Assert.Equal(Base + " + campaign 'Weekend treat' 45.00 × 10 pts × 1.25 × (1.5 − 1) = 281 pts = 843 pts", ReasonWords.English(result.Reason));
        Assert.Equal([new CampaignAward(2, 281, 45.00m)], result.Campaigns);
        Assert.Equal((0, 281), (coffee.IssuedPoints, weekend.IssuedPoints));
    }

    [Fact]
    public void With_Best_a_tie_goes_to_the_campaign_with_the_lowest_id()
    {
        var later = new CampaignBuilder().WithId(9).Named("Later").Build();
        var earlier = new CampaignBuilder().WithId(4).Named("Earlier").Build();

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [later, earlier], Stacking = CampaignStacking.Best });

        Assert.Equal(4, Assert.Single(result.Campaigns).CampaignId);
        Assert.Equal(0, later.IssuedPoints);
    }

    [Fact]
    public void A_campaign_near_its_budget_grants_only_what_is_left_and_the_reason_says_so()
    {
        var weekend = WeekendTreat(budget: 1_000);
        weekend.Issue(900);

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [DoubleCoffee(), weekend] });

        Assert.Equal(562 + 156 + 100, result.Points);
        Assert.Equal(Base
            + " + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts"
            + " + campaign 'Weekend treat' 45.00 × 10 pts × 1.25 × (1.5 − 1) = 100 pts (budget cap: 100 of 281 pts)"
            + " = 818 pts", ReasonWords.English(result.Reason));
        Assert.Equal(1_000, weekend.IssuedPoints);
        Assert.Equal(CampaignState.Ended, weekend.StateAt(Saturday));
    }

    [Fact]
    public void With_Best_a_capped_campaign_is_weighed_by_what_it_can_still_grant()
    {
        var weekend = WeekendTreat(budget: 1_000);
        weekend.Issue(900); // 100 left of its 281

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [DoubleCoffee(), weekend], Stacking = CampaignStacking.Best });

        Assert.Equal(562 + 156, result.Points);
        Assert.Equal(1, Assert.Single(result.Campaigns).CampaignId);
        Assert.Equal(900, weekend.IssuedPoints);
    }

    [Fact]
    public void A_category_campaign_adds_nothing_to_a_purchase_without_that_category_and_is_not_charged()
    {
        var coffee = DoubleCoffee();
        var pastryOnly = Purchase([new("CRS-1", "pastry", 1, 45.00m)]);

        var result = EarnCalculator.ForPurchase(pastryOnly with { Campaigns = [coffee] });

        Assert.Equal((562, Base), (result.Points, ReasonWords.English(result.Reason)));
        Assert.Empty(result.Campaigns);
        Assert.Equal(0, coffee.IssuedPoints);
    }

    [Fact]
    public void Campaigns_not_running_at_the_purchase_day_or_store_add_nothing()
    {
        var weekdays = new CampaignBuilder().WithId(3).On(DaysOfWeek.Weekdays).Build();
        var elsewhere = new CampaignBuilder().WithId(4).AtStores(Riga + 1).Build();
        var paused = new CampaignBuilder().WithId(5).Build();
        paused.Pause();

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [weekdays, elsewhere, paused] });

        Assert.Equal((562, Base), (result.Points, ReasonWords.English(result.Reason)));
    }

    [Fact]
    public void An_activated_multiplier_offer_and_a_fixed_bonus_add_their_points_in_order_of_offer_and_use_one_use_each()
    {
        var welcome = Activated(new OfferBuilder().WithId(8).Titled("Welcome bonus").GivingBonus(500m).Build(), activationId: 30);
        var coffeeWeek = Activated(new OfferBuilder().WithId(5).Titled("Coffee week").Multiplying(2m).InCategory("coffee").UsableTimes(3).Build(),
            activationId: 31);

        var result = EarnCalculator.ForPurchase(Purchase() with { Offers = [welcome, coffeeWeek] });

        Assert.Equal(562 + 156 + 500, result.Points);
        Assert.Equal(Base
            + " + offer 'Coffee week' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts"
            + " + offer 'Welcome bonus' +500 pts"
            + " = 1,218 pts", ReasonWords.English(result.Reason));
        Assert.Equal([new OfferAward(5, 31, 156), new OfferAward(8, 30, 500)], result.Offers);
        Assert.Equal((0, 2), (welcome.Activation.UsesLeft, coffeeWeek.Activation.UsesLeft));
    }

    [Fact]
    public void A_used_up_bonus_offer_adds_nothing_to_the_next_purchase()
    {
        var welcome = Activated(new OfferBuilder().WithId(8).Titled("Welcome bonus").GivingBonus(500m).Build(), activationId: 30);
        EarnCalculator.ForPurchase(Purchase() with { Offers = [welcome] });

        var next = EarnCalculator.ForPurchase(Purchase() with { Offers = [welcome] });

        Assert.Equal((562, Base), (next.Points, ReasonWords.English(next.Reason)));
        Assert.Empty(next.Offers);
    }

    [Fact]
    public void A_bonus_offer_counts_only_its_category_against_the_minimum_spend()
    {
        var offer = new OfferBuilder().WithId(5).Titled("Coffee week").Multiplying(2m).InCategory("coffee").WithMinSpend(15m).Build();
        var activated = Activated(offer, activationId: 31);

        var result = EarnCalculator.ForPurchase(Purchase() with { Offers = [activated] }); // 12.50 of coffee in 45.00

        Assert.Equal(562, result.Points);
        Assert.Equal(1, activated.Activation.UsesLeft);
    }

    [Fact]
    public void A_bonus_offer_does_not_apply_to_a_purchase_made_before_it_was_activated_or_at_another_store()
    {
        var early = new OfferBuilder().WithId(5).GivingBonus(500m).Build();
        var beforeActivation = new ActivatedOffer(early, early.Activate(7, Saturday.AddHours(1), () => "UNUSED"));
        var otherStore = Activated(new OfferBuilder().WithId(6).GivingBonus(500m).AtStores(Riga + 1).Build(), activationId: 2);

        var result = EarnCalculator.ForPurchase(Purchase() with { Offers = [beforeActivation, otherStore] });

        Assert.Equal(562, result.Points);
        Assert.Equal((1, 1), (beforeActivation.Activation.UsesLeft, otherStore.Activation.UsesLeft));
    }

    [Fact]
    public void Campaigns_and_offers_add_up_in_one_reason()
    {
        var welcome = Activated(new OfferBuilder().WithId(8).Titled("Welcome bonus").GivingBonus(500m).Build(), activationId: 30);

        var result = EarnCalculator.ForPurchase(Purchase() with { Campaigns = [DoubleCoffee()], Offers = [welcome] });

        Assert.Equal(562 + 156 + 500, result.Points);
        Assert.Equal(Base + " + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts + offer 'Welcome bonus' +500 pts = 1,218 pts",
            ReasonWords.English(result.Reason));
    }

    [Fact]
    public void Category_multipliers_still_count_in_the_base()
    {
        var result = EarnCalculator.ForPurchase(Purchase() with
        {
            CategoryMultipliers = new Dictionary<string, decimal> { ["coffee"] = 2m },
            Campaigns = [DoubleCoffee()],
        });

        // Base 562.5 + coffee 156.25 = 718.75 → 718; campaign 156
        Assert.Equal(718 + 156, result.Points);
        Assert.StartsWith("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 + coffee 12.5 × 10 pts × 1.25 × (2 − 1) = 718 pts + campaign",
            ReasonWords.English(result.Reason));
    }

    [Fact]
    public void Without_campaigns_or_offers_the_result_is_the_old_overloads_exactly()
    {
        var items = CoffeeAndPastry;
        var multipliers = new Dictionary<string, decimal> { ["coffee"] = 3m };

        var old = EarnCalculator.ForPurchase(45.00m, "EUR", "Riga Central", 10m, TierLadder.Gold(), items, multipliers);
        var combined = EarnCalculator.ForPurchase(Purchase(items) with { CategoryMultipliers = multipliers });

        Assert.Equal((old.Points, old.Reason.Encode()), (combined.Points, combined.Reason.Encode()));
        Assert.Empty(combined.Campaigns);
        Assert.Empty(combined.Offers);
        Assert.Equal(old.Points, old.BasePoints);
    }
}
