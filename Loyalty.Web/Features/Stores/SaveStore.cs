using Loyalty.Domain;
using Loyalty.Domain.Stores;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Stores;

/// <summary>Creates a store or edits one (never its code). Audited; purchases see the change at once.</summary>
public sealed class SaveStore(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms)
{
    public async Task<StoreForm> HandleAsync(StoreForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Store store;
        if (form.Id == 0)
        {
            store = new Store(form.Code, form.Name, form.City, form.Latitude, form.Longitude, form.Address, form.OpeningHours);
            if (await db.Stores.AnyAsync(s => s.Code == store.Code, ct))
                throw DomainException.Conflict("store.code-taken", $"Another store already has the code '{store.Code}'; choose another.", "code");
            db.Stores.Add(store);
            audit.Record(db, actor, "store.created", StoreSnapshot.Subject(store), null, StoreSnapshot.Of(store));
        }
        else
        {
            store = await db.Stores.SingleOrDefaultAsync(s => s.Id == form.Id, ct) ?? throw StoreRefusals.NotFound();
            if ((form.Code ?? "").Trim() != store.Code)
                throw DomainException.Invalid("store.code-fixed", $"A store's code cannot change (tills and history use it); this store stays '{store.Code}'.", "code");
            if (!store.Differs(form.Name, form.City, form.Address, form.Latitude, form.Longitude, form.OpeningHours)) return StoreForm.From(store);
            var before = StoreSnapshot.Of(store);
            store.Update(form.Name, form.City, form.Address, form.Latitude, form.Longitude, form.OpeningHours);
            audit.Record(db, actor, "store.changed", StoreSnapshot.Subject(store), before, StoreSnapshot.Of(store));
        }
        await db.SaveChangesAsync(ct);
        terms.Invalidate();
        return StoreForm.From(store);
    }
}
