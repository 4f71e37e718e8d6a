using Loyalty.Domain;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>One store as the edit form needs it, read fresh.</summary>
public sealed class GetStore(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<StoreForm> HandleAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw StoreRefusals.NotFound();
        return StoreForm.From(store);
    }
}

internal static class StoreRefusals
{
    public static DomainException NotFound() => DomainException.NotFound("store.not-found", "That store does not exist.", field: "id");
}
