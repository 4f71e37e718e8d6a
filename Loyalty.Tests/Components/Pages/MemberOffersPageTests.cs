using System.Security.Claims;
using Bunit;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Features.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Pages;

/// <summary>The open member offers page, wired to a demo app's use cases and notifier, as a circuit would have it.</summary>
public sealed class MemberOffersPageTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    public MemberOffersPageTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(CurrentMember), typeof(GetMemberOffers), typeof(ActivateOffer), typeof(GetNearbyOffers), typeof(OfferNotifier) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
    }

    private async Task<(long Id, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<Offers> Page)> OpenAsAsync(string city, string tier)
    {
        var memberId = await _app.MemberAsync(city, tier);
        var userId = await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync());
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId!));
        var snackbars = Render<MudSnackbarProvider>();
        return (memberId, snackbars, Render<Offers>());
    }

    [Fact]
    public async Task A_newly_published_offer_for_the_member_appears_with_a_notice_and_one_for_others_does_not()
    {
        var gold = await _app.TierIdAsync("gold");
        var (_, snackbars, page) = await OpenAsAsync("Riga", "gold");
        var manage = _app.Services.GetRequiredService<ManageOffers>();
        var form = new OfferForm
        {
            Title = "Gold Riga flash", Value = 2, StartsDate = DateTime.UtcNow.Date, EndsDate = DateTime.UtcNow.Date.AddDays(5),
            TierIds = [gold], Cities = ["Riga"],
        };
        var other = new OfferForm
        {
            Title = "Tallinn only flash", Value = 2, StartsDate = DateTime.UtcNow.Date, EndsDate = DateTime.UtcNow.Date.AddDays(5), Cities = ["Tallinn"],
        };
        page.WaitForAssertion(() => Assert.DoesNotContain("Gold Riga flash", page.Markup));

        await manage.PublishAsync(await manage.SaveAsync(other, "admin"), "admin");
        await manage.PublishAsync(await manage.SaveAsync(form, "admin"), "admin");

        page.WaitForAssertion(() => Assert.Contains("Gold Riga flash", page.Markup));
        snackbars.WaitForAssertion(() => Assert.Contains("New offer for you: Gold Riga flash", snackbars.Markup));
        Assert.DoesNotContain("Tallinn only flash", page.Markup);
        Assert.DoesNotContain("Tallinn only flash", snackbars.Markup);
    }

    [Fact]
    public async Task Activating_an_offer_on_the_page_shows_its_coupon_code()
    {
        var offerId = await _app.AddLiveOfferAsync(b => b.Titled("Coded offer").PercentOff(20).WithSharedCode("CODED-20")
            .Targeting(new Targeting(cities: ["Codeville"])));
        var (memberId, _, page) = await OpenAsAsync("Codeville", "bronze");
        page.WaitForAssertion(() => Assert.Contains("Coded offer", page.Markup));

        // The demo has offers for everyone too (Cinema City's popcorn): activate this one's card.
        page.Find("[data-testid=offer-card][aria-label='Coded offer']").QuerySelectorAll("button").Single(b => b.TextContent.Contains("Activate")).Click();

        page.WaitForAssertion(() => Assert.Equal("CODED-20", page.Find("[data-testid=offer-code]").TextContent.Trim()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OfferActivations.CountAsync(a => a.OfferId == offerId && a.MemberId == memberId)));
    }
}
