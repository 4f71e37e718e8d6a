using Bunit;
using Loyalty.Domain.Offers;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Offers;

namespace Loyalty.Tests.Components.Shared;

public sealed class NearbyStoreListTests : ComponentTestContext
{
    private static MemberOffer Offer(string title) =>
        new(1, title, "", null, OfferType.PercentDiscount, 10, null, null, null, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3),
            DateTimeOffset.UtcNow, null, [], [new(OfferReasonKind.Everyone, "", "")], null);

    [Fact]
    public void The_near_me_list_shows_stores_in_order_of_distance_with_one_decimal_km_and_their_offers()
    {
        var nearby = new NearbyOffers(true, "Riga", [
            new NearbyStore(3, "Riga Central", "Riga", 0.3849, [Offer("Coffee week")]),
            new NearbyStore(4, "Alfa Riga", "Riga", 5.96, []),
            new NearbyStore(9, "Kadıköy", "Istanbul", 2143.04, []),
        ]);

        var list = Render<NearbyStoreList>(p => p.Add(c => c.Nearby, nearby));

        Assert.Equal(["Riga Central · Riga", "Alfa Riga · Riga", "Kadıköy · Istanbul"],
            list.FindAll("[data-testid=near-store-name]").Select(s => s.TextContent.Trim()));
        Assert.Equal(["0.4 km", "6.0 km", "2,143.0 km"], list.FindAll("[data-testid=near-distance]").Select(s => s.TextContent.Trim()));
        Assert.Equal("Coffee week · 10% off", list.Find("[data-testid=near-offer]").TextContent.Trim());
        Assert.Empty(list.FindAll("[data-testid=near-fallback]"));
    }

    [Fact]
    public void Without_the_browser_location_the_list_says_it_uses_the_home_city()
    {
        var list = Render<NearbyStoreList>(p => p.Add(c => c.Nearby, new NearbyOffers(false, "Almaty", [])));

        Assert.Contains("home city, Almaty", list.Find("[data-testid=near-fallback]").TextContent);
        Assert.Contains("No stores found near you.", list.Markup);
    }
}
