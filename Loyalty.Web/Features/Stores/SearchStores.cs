using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>Admins find stores by code, name or city, a page at a time; closed stores are listed too.</summary>
public sealed class SearchStores(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<StorePage> HandleAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Stores.AsNoTracking();
        var term = (text ?? "").Trim();
        if (term.Length > 0)
        {
            // LIKE ignores case on both providers (SQLite for ASCII, SQL Server by its default collation); the term is literal.
            var pattern = "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace("[", @"\[") + "%";
            query = query.Where(s => EF.Functions.Like(s.Code, pattern, @"\") || EF.Functions.Like(s.Name, pattern, @"\")
                                     || EF.Functions.Like(s.City, pattern, @"\"));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.City).ThenBy(s => s.Name).ThenBy(s => s.Code)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(s => new StoreRow(s.Id, s.Code, s.Name, s.City, s.Address, s.Latitude, s.Longitude, s.OpeningHours, s.ClosedAt))
            .ToListAsync(ct);
        return new StorePage(rows, total);
    }
}
