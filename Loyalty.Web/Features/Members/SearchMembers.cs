using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

public sealed record MemberRow(long Id, string MemberNumber, string DisplayName, string? Email, string HomeCity, string Tier, DateTimeOffset JoinedAt);

public sealed record MemberSearchPage(IReadOnlyList<MemberRow> Rows, int Total);

/// <summary>Admins find members by name, e-mail or member number.</summary>
public sealed class SearchMembers(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<MemberSearchPage> HandleAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = from m in db.Members.AsNoTracking()
                    join u in db.Users on m.UserId equals u.Id into users
                    from u in users.DefaultIfEmpty()
                    join t in db.Tiers on m.TierId equals t.Id
                    select new { m, Email = u != null ? u.Email : null, Tier = t.Name };
        var term = (text ?? "").Trim();
        if (term.Length > 0)
        {
            var upper = term.ToUpperInvariant();
            query = query.Where(x => x.m.MemberNumber == upper || x.m.DisplayName.Contains(term)
                                     || (x.Email != null && x.Email.Contains(term)) || (x.m.MemberNumber != null && x.m.MemberNumber.Contains(upper)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(x => x.m.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(x => new MemberRow(x.m.Id, x.m.MemberNumber ?? "", x.m.DisplayName, x.Email, x.m.HomeCity, x.Tier, x.m.JoinedAt))
            .ToListAsync(ct);
        return new MemberSearchPage(rows, total);
    }
}
