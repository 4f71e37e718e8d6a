using Loyalty.Domain;
using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

/// <summary>
/// Creates a partner or edits one, with the stores that belong to it. Names are unique (ignoring case); a store that
/// belongs to another partner is refused, not moved. Audited; purchases see the new terms at once.
/// </summary>
public sealed class SavePartner(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, ProgramTermsCache terms, TimeProvider clock)
{
    public async Task<PartnerForm> HandleAsync(PartnerForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var saved = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var result = await SaveAsync(db, form, actor, ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A store's owner (its concurrency token) changed since it was read: another admin just gave it to a partner.
                throw StoreChangedMeanwhile();
            }
        });
        terms.Invalidate();
        return saved;
    }

    private async Task<PartnerForm> SaveAsync(LoyaltyDbContext db, PartnerForm form, string actor, CancellationToken ct)
    {
        var wanted = form.StoreIds.Distinct().ToHashSet();
        Partner partner;
        PartnerSnapshot? before = null;
        if (form.Id == 0)
        {
            partner = new Partner(form.Terms, clock.GetUtcNow());
        }
        else
        {
            partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == form.Id, ct) ?? throw PartnerRefusals.NotFound();
            before = PartnerSnapshot.Of(partner, await StoreCodesAsync(db, partner.Id, ct));
            partner.Update(form.Terms);
        }
        var name = partner.Name.ToLower();
        if (await db.Partners.AnyAsync(p => p.Id != form.Id && p.Name.ToLower() == name, ct))
            throw DomainException.Conflict("partner.name-taken", $"Another partner is already called '{partner.Name}'; choose another name.", "name");
        partner.SetLogo(form.LogoFileName);

        var stores = await db.Stores.Where(s => wanted.Contains(s.Id) || (form.Id != 0 && s.PartnerId == form.Id)).ToListAsync(ct);
        if (wanted.Except(stores.Select(s => s.Id)).Any()) throw DomainException.NotFound("store.not-found", "One of the chosen stores no longer exists; reload and choose again.", "storeIds");
        if (stores.FirstOrDefault(s => wanted.Contains(s.Id) && s.PartnerId is { } other && other != form.Id) is { } taken)
        {
            var owner = await db.Partners.Where(p => p.Id == taken.PartnerId).Select(p => p.Name).SingleAsync(ct);
            throw DomainException.Conflict("partner.store-taken",
                $"The store '{taken.Code}' ({taken.Name}) belongs to the partner '{owner}'; remove it there first.", "storeIds");
        }

        if (form.Id == 0) db.Partners.Add(partner);
        await db.SaveChangesAsync(ct); // a new partner's id, for its stores
        foreach (var store in stores) store.AssignTo(wanted.Contains(store.Id) ? partner.Id : null);
        var after = PartnerSnapshot.Of(partner, stores.Where(s => s.PartnerId == partner.Id).Select(s => s.Code).Order(StringComparer.Ordinal).ToList());
        if (before is null || !Same(before, after))
            audit.Record(db, actor, before is null ? "partner.created" : "partner.changed", PartnerSnapshot.Subject(partner), before, after);
        await db.SaveChangesAsync(ct);
        return PartnerForm.From(partner, [.. wanted]);
    }

    private static DomainException StoreChangedMeanwhile() => DomainException.Conflict("partner.store-changed",
        "One of the chosen stores was just given to another partner (or taken from one) by someone else; reload and choose again.", "storeIds");

    private static bool Same(PartnerSnapshot a, PartnerSnapshot b) => a with { Stores = [] } == b with { Stores = [] } && a.Stores.SequenceEqual(b.Stores);

    internal static async Task<IReadOnlyList<string>> StoreCodesAsync(LoyaltyDbContext db, int partnerId, CancellationToken ct) =>
        await db.Stores.Where(s => s.PartnerId == partnerId).OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(ct);
}
