using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <summary>Admins create, edit, publish and end offers. Every change is audited; publishing a live offer reaches open member pages.</summary>
public sealed class ManageOffers(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, OfferNotifier notifier,
    Campaigns.EarningRulesCache earningRules, TimeProvider clock)
{
    public async Task<IReadOnlyList<OfferForm>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var offers = await db.Offers.AsNoTracking().ToListAsync(ct);
        return offers.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => OfferForm.From(o, now)).ToList();
    }

    public async Task<OfferForm> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw NotFound();
        return OfferForm.From(offer, clock.GetUtcNow());
    }

    public async Task<int> SaveAsync(OfferForm form, string actor, CancellationToken ct = default)
    {
        if (form.StartsAt is not { } starts) throw DomainException.Invalid("offer.starts-at", "Choose the date the offer starts.", field: "startsAt");
        if (form.EndsAt is not { } ends) throw DomainException.Invalid("offer.ends-at", "Choose the date the offer ends.", field: "endsAt");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Offer offer;
        OfferForm? before = null;
        if (form.Id == 0)
        {
            offer = new Offer(form.Title, form.Description, form.Type, form.Value, form.FreeItemName, form.Category, form.MinSpend,
                form.UsesPerMember, starts, ends, form.Quantity, form.CouponMode, form.SharedCode, form.ToTargeting(), form.StoreIds,
                clock.GetUtcNow());
            db.Offers.Add(offer);
        }
        else
        {
            offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == form.Id, ct) ?? throw NotFound();
            before = OfferForm.From(offer, clock.GetUtcNow());
            offer.Update(form.Title, form.Description, form.Type, form.Value, form.FreeItemName, form.Category, form.MinSpend,
                form.UsesPerMember, starts, ends, form.Quantity, form.CouponMode, form.SharedCode, form.ToTargeting(), form.StoreIds);
        }
        offer.SetImage(form.ImageFileName);
        await PartnerFunding.CheckAsync(db, form.PartnerId, ct);
        offer.FundedBy(form.PartnerId);
        offer.SetPlusOnly(form.PlusOnly);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("offer.changed-meanwhile", "Members activated this offer while you were editing it; reload it and save again.", field: "offer");
        }
        audit.Record(db, actor, form.Id == 0 ? "offer.created" : "offer.changed", Subject(offer.Id), before, OfferForm.From(offer, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        earningRules.Invalidate(); // purchases in this app see a changed bonus offer at once
        return offer.Id;
    }

    public Task PublishAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, actor, "offer.published", (o, now) => o.Publish(now), ct);

    public Task EndAsync(int id, string actor, CancellationToken ct = default) =>
        ChangeStatusAsync(id, actor, "offer.ended", (o, now) => o.End(now), ct);

    private async Task ChangeStatusAsync(int id, string actor, string action, Action<Offer, DateTimeOffset> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw NotFound();
            var before = offer.StateAt(now);
            change(offer, now);

            audit.Record(db, actor, action, Subject(id), new { State = before.ToString() }, new { State = offer.StateAt(now).ToString() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear(); // an activation moved the version meanwhile: read again and redo
                continue;
            }
            earningRules.Invalidate();
            if (offer.StateAt(now) == OfferState.Live && before != OfferState.Live) notifier.Notify(id);
            return;
        }
    }

    private static string Subject(int id) => $"offer:{id}";

    private static DomainException NotFound() => DomainException.NotFound("offer.not-found", "That offer does not exist.", field: "id");
}
