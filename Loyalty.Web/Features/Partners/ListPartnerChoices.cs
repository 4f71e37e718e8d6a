using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

/// <summary>Every partner by name, for "Funded by partner" and "Partner" selects (suspended ones too: their rewards stay theirs).</summary>
public sealed class ListPartnerChoices(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<Choice<int>>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new Choice<int>(p.Id, p.Name)).ToListAsync(ct);
    }
}
