using Loyalty.Domain;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <param name="DistanceKm">From the member's location, or from the middle of their home city's stores.</param>
public sealed record NearbyStore(int StoreId, string Name, string City, double DistanceKm, IReadOnlyList<MemberOffer> Offers);

/// <param name="FromLocation">True when the browser's location was used; false when the home city stood in for it.</param>
/// <param name="HomeCity">The member's home city, said when it stood in for the location.</param>
public sealed record NearbyOffers(bool FromLocation, string HomeCity, IReadOnlyList<NearbyStore> Stores);

/// <summary>The stores nearest the member, closest first, each with this member's live offers valid there.</summary>
public sealed class GetNearbyOffers(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxStores = 10;

    public async Task<NearbyOffers> HandleAsync(long memberId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var homeCity = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.HomeCity).SingleOrDefaultAsync(ct)
                       ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
        var stores = await db.Stores.AsNoTracking().ToListAsync(ct);
        var fromLocation = latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;
        (double Lat, double Lon)? origin = fromLocation ? (latitude!.Value, longitude!.Value) : null;
        if (origin is null && stores.Where(s => string.Equals(s.City, homeCity.Trim(), StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } home)
            origin = (home.Average(s => s.Latitude), home.Average(s => s.Longitude));
        if (origin is not { } o) return new NearbyOffers(false, homeCity, []);

        var offers = await GetMemberOffers.ForMemberAsync(db, memberId, clock.GetUtcNow(), ct);
        var nearest = stores
            .Select(s => new NearbyStore(s.Id, s.Name, s.City, GeoDistance.Km(o.Lat, o.Lon, s.Latitude, s.Longitude),
                offers.Where(offer => offer.StoreIds.Count == 0 || offer.StoreIds.Contains(s.Id)).ToList()))
            .OrderBy(s => s.DistanceKm).ThenBy(s => s.StoreId)
            .Take(MaxStores)
            .ToList();
        return new NearbyOffers(fromLocation, homeCity, nearest);
    }
}
