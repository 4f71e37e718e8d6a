using System.Net;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Features.Offers;
using Loyalty.Web.Data.Seeding;

namespace Loyalty.Tests.Integration;

/// <summary>The offer pages render on the server for who may see them, and only the member's own offers.</summary>
public sealed class OfferPagesTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_member_page_lists_the_members_offers_with_their_reason_and_not_the_offers_for_others()
    {
        await app.AddLiveOfferAsync(b => b.Titled("Everyone coffee"));
        await app.AddLiveOfferAsync(b => b.Titled("Nowhere special").Targeting(new Targeting(cities: ["Atlantis"])));
        var client = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(client, SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);

        var page = await client.GetAsync("/offers", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Everyone coffee", html);
        Assert.Contains("For all members", html);
        Assert.DoesNotContain("Nowhere special", html);
    }

    [Fact]
    public async Task The_admin_page_lists_offers_with_their_state_and_members_are_turned_away()
    {
        await app.AddLiveOfferAsync(b => b.Titled("Admin sees this"));
        var admin = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(admin, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        var member = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(member, SeedOptions.DemoMemberEmail, SeedOptions.DemoMemberPassword);

        var page = await admin.GetAsync("/admin/offers", TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var denied = await member.GetAsync("/admin/offers", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Admin sees this", html);
        Assert.Contains("Live", html);
        Assert.Equal("/Account/AccessDenied", new Uri(new Uri("http://localhost"), denied.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task An_unknown_offer_image_is_not_found()
    {
        var response = await app.CreateClient().GetAsync("/media/offers/nothing.png", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
