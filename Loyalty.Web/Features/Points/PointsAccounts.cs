using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

/// <summary>Reading a member's points for display: all their lots (lifetime needs spent ones too) and their debt.</summary>
public static class PointsAccounts
{
    public static async Task<PointsAccount> ReadAccountAsync(this LoyaltyDbContext db, Member member, CancellationToken ct) =>
        new(member.Id, await db.PointsLots.AsNoTracking().Where(l => l.MemberId == member.Id).ToListAsync(ct), member.DebtPoints);
}
