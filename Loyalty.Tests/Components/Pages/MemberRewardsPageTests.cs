using System.Globalization;
using System.Security.Claims;
using Bunit;
using Loyalty.Tests.Features.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Pages;

/// <summary>
/// The open catalog page follows stock changes made by an admin, in the member's language: availability is a reason code
/// on the item, never a translated sentence compared with another.
/// </summary>
public sealed class MemberRewardsPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public MemberRewardsPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(CurrentMember), typeof(GetMemberCatalog), typeof(RewardStockNotifier) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
    }

    public static TheoryData<string, string, string, string> Cultures => new()
    {
        { "en", "Redeem", "This reward is out of stock.", "This reward is for Gold members and above." },
        { "fa", "دریافت جایزه", "موجودی این جایزه تمام شده است.", "این جایزه برای اعضای Gold و بالاتر است." },
    };

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task A_sold_out_reward_that_is_restocked_can_be_redeemed_again(string culture, string redeem, string outOfStock, string _)
    {
        SpeakAs(culture);
        var name = $"Restocked mug ({culture})";
        var rewardId = await RewardAsync(name, minimumTier: null);
        var page = await OpenAsAsync();
        var card = Card(page, name);
        page.WaitForAssertion(() => Assert.Contains(card().QuerySelectorAll("button"), b => b.TextContent.Trim() == redeem));

        await SetStockAsync(rewardId, 0);
        page.WaitForAssertion(() => Assert.Equal(outOfStock, card().QuerySelector("[data-testid=unavailable]")?.TextContent.Trim()));
        Assert.DoesNotContain(card().QuerySelectorAll("button"), b => b.TextContent.Trim() == redeem);

        await SetStockAsync(rewardId, 5);
        page.WaitForAssertion(() => Assert.Contains(card().QuerySelectorAll("button"), b => b.TextContent.Trim() == redeem));
        Assert.Null(card().QuerySelector("[data-testid=unavailable]"));
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task A_tier_locked_reward_that_sells_out_and_is_restocked_stays_locked(string culture, string redeem, string outOfStock, string tierLocked)
    {
        SpeakAs(culture);
        var name = $"Gold lounge ({culture})";
        var rewardId = await RewardAsync(name, minimumTier: "gold");
        var page = await OpenAsAsync();
        var card = Card(page, name);
        page.WaitForAssertion(() => Assert.Equal(tierLocked, card().QuerySelector("[data-testid=unavailable]")?.TextContent.Trim()));

        await SetStockAsync(rewardId, 0);
        await SetStockAsync(rewardId, 5);

        page.WaitForAssertion(() => Assert.Equal(5, Stock(card())));
        Assert.Equal(tierLocked, card().QuerySelector("[data-testid=unavailable]")?.TextContent.Trim());
        Assert.NotEqual(outOfStock, tierLocked);
        Assert.DoesNotContain(card().QuerySelectorAll("button"), b => b.TextContent.Trim() == redeem);
    }

    [Fact]
    public async Task A_partner_reward_says_at_which_partner_and_the_partner_filter_from_the_link_shows_only_its_rewards()
    {
        var page = await OpenAsAsync("rewards?partner=Cinema%20City");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=reward-card]")));
        var cards = page.FindAll("[data-testid=reward-card]");
        Assert.Equal(["Cinema ticket"], cards.Select(c => c.QuerySelector("h3")!.TextContent.Trim()));
        Assert.Equal("at Cinema City", cards[0].QuerySelector("[data-testid=partner]")!.TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=partner-filter]"));
    }

    /// <summary>A circuit keeps its culture; here the test's flow is the circuit, so the culture is set in the test method itself.</summary>
    private static void SpeakAs(string culture) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);

    private async Task<IRenderedComponent<Rewards>> OpenAsAsync(string? uri = null)
    {
        var memberId = await _app.MemberAsync("Riga", "bronze");
        await _app.Use<AdjustPoints>().HandleAsync(new AdjustPointsCommand(memberId, 5_000, "Funds for the catalog test", "admin@test"));
        var userId = await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync());
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId!));
        if (uri is not null) Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(uri);
        return Render<Rewards>();
    }

    private static Func<AngleSharp.Dom.IElement> Card(IRenderedComponent<Rewards> page, string name) => () =>
        page.FindAll("[data-testid=reward-card]").Single(c => c.QuerySelector("h3")?.TextContent.Trim() == name);

    private static int Stock(AngleSharp.Dom.IElement card) =>
        int.Parse(new string((card.QuerySelector("[data-testid=stock]")?.TextContent ?? "").Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);

    private async Task<int> RewardAsync(string name, string? minimumTier) =>
        await _app.Use<ManageRewards>().SaveAsync(new RewardForm
        {
            Name = name, CostPoints = 100, Stock = 1, MinimumTierId = minimumTier is null ? null : await _app.TierIdAsync(minimumTier),
        }, "admin@test");

    /// <summary>The admin's edit of the stock, which tells open catalog pages.</summary>
    private async Task SetStockAsync(int rewardId, int stock)
    {
        var manage = _app.Use<ManageRewards>();
        var form = (await manage.ListAsync()).Single(r => r.Id == rewardId);
        form.Stock = stock;
        await manage.SaveAsync(form, "admin@test");
    }
}
