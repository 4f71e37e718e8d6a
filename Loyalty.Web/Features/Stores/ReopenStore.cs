using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>Opens a closed store again: it takes purchases at once. Audited.</summary>
public sealed class ReopenStore(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms)
{
    public async Task HandleAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw StoreRefusals.NotFound();
        if (store.IsOpen) return;
        var before = StoreSnapshot.Of(store);
        store.Reopen();
        audit.Record(db, actor, "store.reopened", StoreSnapshot.Subject(store), before, StoreSnapshot.Of(store));
        await db.SaveChangesAsync(ct);
        terms.Invalidate();
    }
}
