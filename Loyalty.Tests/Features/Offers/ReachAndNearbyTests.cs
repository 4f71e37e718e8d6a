using Loyalty.Domain.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Features.Offers;

public sealed class ReachAndNearbyTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_preview_counts_the_members_the_targeting_reaches_by_city_and_tier()
    {
        var gold = await app.TierIdAsync("gold");
        var silver = await app.TierIdAsync("silver");
        await app.MemberAsync("Reachburg", "gold");
        await app.MemberAsync("Reachburg", "gold");
        await app.MemberAsync("Reachburg", "silver");
        await app.MemberAsync("Reachburg", "bronze");
        await app.MemberAsync("Reachville", "gold");
        var all = await app.WithDbAsync(db => db.Members.CountAsync(Ct));

        var reach = await app.Use<PreviewOfferReach>().HandleAsync(new Targeting([gold, silver], cities: ["Reachburg", "Reachville"]), Ct);
        var everyone = await app.Use<PreviewOfferReach>().HandleAsync(Targeting.Everyone, Ct);

        Assert.Equal((4, all), (reach.Members, reach.OutOf));
        Assert.Equal([("Reachburg", 3), ("Reachville", 1)], reach.ByCity.Select(c => (c.Name, c.Members)));
        Assert.Equal([("Gold", 3), ("Silver", 1)], reach.ByTier.Select(c => (c.Name, c.Members)));
        Assert.Equal(all, everyone.Members);
        Assert.True(all > PreviewOfferReach.ChunkSize / 3, "the demo should have enough members to read in chunks");
    }

    [Fact]
    public async Task Stores_near_a_point_in_Riga_come_closest_first_with_the_offers_valid_there()
    {
        var stores = await app.WithDbAsync(db => db.Stores.ToDictionaryAsync(s => s.Code, s => s.Id, Ct));
        var central = stores["riga-central"];
        var onlyCentral = await app.AddLiveOfferAsync(b => b.Titled("Central only").AtStores(central).Targeting(new Targeting(cities: ["Nearby"])));
        var onlyBaku = await app.AddLiveOfferAsync(b => b.Titled("Baku only").AtStores(stores["baku-port"]).Targeting(new Targeting(cities: ["Nearby"])));
        var member = await app.MemberAsync("Nearby");

        // Old Town Riga: about 1 km from Riga Central, 6 km from Alfa.
        var nearby = await app.Use<GetNearbyOffers>().HandleAsync(member, 56.9496, 24.1052, Ct);

        Assert.True(nearby.FromLocation);
        Assert.Equal(["riga-central", "riga-alfa"], nearby.Stores.Take(2).Select(s => stores.Single(x => x.Value == s.StoreId).Key));
        Assert.Equal(nearby.Stores.Select(s => s.DistanceKm).Order(), nearby.Stores.Select(s => s.DistanceKm));
        Assert.InRange(nearby.Stores[0].DistanceKm, 0.1, 1.5);
        Assert.Contains(nearby.Stores[0].Offers, o => o.Id == onlyCentral);
        Assert.DoesNotContain(nearby.Stores[1].Offers, o => o.Id == onlyCentral || o.Id == onlyBaku);
    }

    [Fact]
    public async Task Without_a_location_the_home_city_stands_in_and_its_stores_come_first()
    {
        var member = await app.MemberAsync("Almaty");

        var nearby = await app.Use<GetNearbyOffers>().HandleAsync(member, null, null, Ct);

        Assert.Equal((false, "Almaty"), (nearby.FromLocation, nearby.HomeCity));
        Assert.All(nearby.Stores.Take(2), s => Assert.Equal("Almaty", s.City));
    }

    [Fact]
    public void The_haversine_distance_from_Riga_to_Tallinn_is_about_280_km() =>
        Assert.InRange(GeoDistance.Km(56.9496, 24.1052, 59.4370, 24.7536), 275, 285);
}
