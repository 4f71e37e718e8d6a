using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>A store as integrations see it: the code a till sends, where it is, and whether it takes purchases.</summary>
public sealed record StoreListing(string Code, string Name, string City, string? Address, double Latitude, double Longitude, string? OpeningHours, bool Open);

/// <summary>Every store, open and closed, by code: what a till or partner system needs to know to send purchases.</summary>
public sealed class ListStores(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StoreListing>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Stores.AsNoTracking().OrderBy(s => s.Code)
            .Select(s => new StoreListing(s.Code, s.Name, s.City, s.Address, s.Latitude, s.Longitude, s.OpeningHours, s.ClosedAt == null))
            .ToListAsync(ct);
    }
}
