using Bunit;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Rewards;

namespace Loyalty.Tests.Components.Shared;

public sealed class RewardCardTests : ComponentTestContext
{
    private static CatalogItem Item(long toGo, RewardBlock? blocked = null) =>
        new(1, "Cinema ticket", "2D film", null, RewardCategory.PartnerReward, 1_500, 15.00m, 20, blocked, toGo, MinimumTier: "Gold");

    [Fact]
    public void A_reward_the_member_can_afford_says_so_and_offers_to_redeem()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(0)).Add(c => c.Currency, "EUR"));

        Assert.Equal("You can afford it", card.Find("[data-testid=affordable]").TextContent.Trim());
        Assert.Contains("1,500 pts", card.Markup);
        Assert.Contains("15.00 EUR", card.Markup);
        Assert.NotNull(card.FindAll("button").SingleOrDefault(b => b.TextContent.Contains("Redeem")));
        Assert.Empty(card.FindAll("[data-testid=to-go]"));
    }

    [Fact]
    public void A_reward_out_of_reach_shows_the_points_to_go_and_no_redeem_button()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(340)).Add(c => c.Currency, "EUR"));

        Assert.Equal("340 pts to go", card.Find("[data-testid=to-go]").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid=affordable]"));
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Redeem"));
    }

    [Fact]
    public void An_unavailable_reward_explains_why()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(0, RewardBlock.Tier)));

        Assert.Equal("This reward is for Gold members and above.", card.Find("[data-testid=unavailable]").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid=affordable]"));
    }

    [Fact]
    public void A_reward_with_no_stock_left_says_it_is_out_of_stock_before_mentioning_a_debt()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(0) with { Stock = 0, Debt = 120 }));

        Assert.Equal("This reward is out of stock.", card.Find("[data-testid=unavailable]").TextContent.Trim());
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Redeem"));
    }

    [Fact]
    public void A_member_in_debt_is_told_what_they_owe_while_the_reward_is_in_stock()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(0) with { Debt = 120 }));

        Assert.Equal("You owe 120 pts from a return; new earnings pay it back first.", card.Find("[data-testid=unavailable]").TextContent.Trim());
        Assert.DoesNotContain(card.FindAll("button"), b => b.TextContent.Contains("Redeem"));
    }

    [Fact]
    public void A_tier_rule_is_named_before_the_stock()
    {
        var card = Render<RewardCard>(p => p.Add(c => c.Item, Item(0, RewardBlock.Tier) with { Stock = 0 }));

        Assert.Equal("This reward is for Gold members and above.", card.Find("[data-testid=unavailable]").TextContent.Trim());
    }
}
