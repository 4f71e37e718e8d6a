using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

/// <summary>A store the partner form can give the partner: the program's own stores and the partner's.</summary>
public sealed record PartnerStoreChoice(int Id, string Code, string Name, string City, bool Open);

public sealed record PartnerEditing(PartnerForm Form, IReadOnlyList<PartnerStoreChoice> Stores);

/// <summary>One partner as the edit form needs it (a new one for null), read fresh, with the stores it may have.</summary>
public sealed class GetPartner(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<PartnerEditing> HandleAsync(int? id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var form = new PartnerForm();
        if (id is { } partnerId)
        {
            var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct) ?? throw PartnerRefusals.NotFound();
            form = PartnerForm.From(partner, await db.Stores.Where(s => s.PartnerId == partnerId).Select(s => s.Id).ToListAsync(ct));
        }
        var stores = await db.Stores.AsNoTracking().Where(s => s.PartnerId == null || s.PartnerId == id)
            .OrderBy(s => s.City).ThenBy(s => s.Name)
            .Select(s => new PartnerStoreChoice(s.Id, s.Code, s.Name, s.City, s.ClosedAt == null)).ToListAsync(ct);
        return new PartnerEditing(form, stores);
    }
}
