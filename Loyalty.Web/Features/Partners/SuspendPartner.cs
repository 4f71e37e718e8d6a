using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

/// <summary>Suspends a partner: purchases at its stores are refused from now on; everything else stays. Audited.</summary>
public sealed class SuspendPartner(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms, TimeProvider clock)
{
    public async Task HandleAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw PartnerRefusals.NotFound();
        if (!partner.IsActive) return;
        var stores = await SavePartner.StoreCodesAsync(db, id, ct);
        var before = PartnerSnapshot.Of(partner, stores);
        // Whole milliseconds, as purchase times are kept: a purchase sent in the same millisecond after the suspension is refused, not taken as earlier.
        partner.Suspend(Times.ToMilliseconds(clock.GetUtcNow()));
        audit.Record(db, actor, "partner.suspended", PartnerSnapshot.Subject(partner), before, PartnerSnapshot.Of(partner, stores));
        await db.SaveChangesAsync(ct);
        terms.Invalidate();
    }
}

/// <summary>Reactivates a suspended partner: its stores take purchases again at once. Audited.</summary>
public sealed class ReactivatePartner(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms)
{
    public async Task HandleAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw PartnerRefusals.NotFound();
        if (partner.IsActive) return;
        var stores = await SavePartner.StoreCodesAsync(db, id, ct);
        var before = PartnerSnapshot.Of(partner, stores);
        partner.Reactivate();
        audit.Record(db, actor, "partner.reactivated", PartnerSnapshot.Subject(partner), before, PartnerSnapshot.Of(partner, stores));
        await db.SaveChangesAsync(ct);
        terms.Invalidate();
    }
}
