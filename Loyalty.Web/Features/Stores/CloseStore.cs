using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>Closes a store: purchases there are refused from now on; the store and its history stay. Audited.</summary>
public sealed class CloseStore(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms, TimeProvider clock)
{
    public async Task HandleAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw StoreRefusals.NotFound();
        if (!store.IsOpen) return;
        var before = StoreSnapshot.Of(store);
        // Whole milliseconds, as purchase times are kept: a purchase sent in the same millisecond after the closing is refused, not taken as earlier.
        store.Close(Times.ToMilliseconds(clock.GetUtcNow()));
        audit.Record(db, actor, "store.closed", StoreSnapshot.Subject(store), before, StoreSnapshot.Of(store));
        await db.SaveChangesAsync(ct);
        terms.Invalidate();
    }
}
