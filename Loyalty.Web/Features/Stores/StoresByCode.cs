using Loyalty.Domain.Stores;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>
/// The stores with the given codes, looked up <see cref="ChunkSize"/> codes per query: EF Core sends every code of a
/// <c>Contains</c> as a parameter of its own, and SQL Server takes at most 2,100 in one command (a 10,000-row file would fail).
/// </summary>
internal static class StoresByCode
{
    public const int ChunkSize = 500;

    public static async Task<Dictionary<string, Store>> LoadAsync(IQueryable<Store> stores, IEnumerable<string> codes, CancellationToken ct)
    {
        var found = new Dictionary<string, Store>();
        foreach (var chunk in codes.Distinct().Chunk(ChunkSize))
            foreach (var store in await stores.Where(s => chunk.Contains(s.Code)).ToListAsync(ct))
                found[store.Code] = store;
        return found;
    }
}
