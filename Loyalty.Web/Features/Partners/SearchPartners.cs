using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Partners;

/// <summary>Admins find partners by name or contact, a page at a time; suspended partners are listed too.</summary>
public sealed class SearchPartners(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<PartnerPage> HandleAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Partners.AsNoTracking();
        var term = (text ?? "").Trim();
        if (term.Length > 0)
        {
            // As the stores search: LIKE ignores case on both providers; the term is literal.
            var pattern = "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace("[", @"\[") + "%";
            query = query.Where(p => EF.Functions.Like(p.Name, pattern, @"\") || EF.Functions.Like(p.ContactName, pattern, @"\")
                                     || EF.Functions.Like(p.ContactEmail, pattern, @"\"));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.Name).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(p => new PartnerRow(p.Id, p.Name, p.LogoFileName, p.ContactName, p.ContactEmail, p.Status, p.PointsPerUnit, p.PricePerPointIssued,
                p.PricePerPointRedeemed, db.Stores.Count(s => s.PartnerId == p.Id)))
            .ToListAsync(ct);
        return new PartnerPage(rows, total);
    }
}
