using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

/// <summary>Friends' purchases as <see cref="ReferralRule"/> sees them: what each kept after returns, and when its points mature.</summary>
internal static class ReferralPurchases
{
    public static async Task<ILookup<long, ReferralPurchase>> OfAsync(LoyaltyDbContext db, IReadOnlyCollection<long> refereeIds, int pendingDays,
        CancellationToken ct)
    {
        var rows = await db.Purchases.AsNoTracking().Where(p => refereeIds.Contains(p.MemberId))
            .GroupJoin(db.PointsLots, p => p.LotId, l => (Guid?)l.Id, (p, lots) => new { p, lots })
            .SelectMany(x => x.lots.DefaultIfEmpty(), (x, lot) => new
            {
                x.p.Id, x.p.MemberId, x.p.OccurredAt, x.p.RecordedAt, x.p.Amount, x.p.RefundedAmount,
                HasLot = lot != null, PendingUntil = lot != null ? lot.PendingUntil : null, EarnedAt = lot != null ? lot.EarnedAt : x.p.RecordedAt,
            })
            .ToListAsync(ct);
        // A purchase's points mature when its lot stops being pending; one that earned no points, after the pending days.
        return rows.ToLookup(r => r.MemberId, r => new ReferralPurchase(r.Id, r.OccurredAt, r.Amount - r.RefundedAmount,
            r.HasLot ? r.PendingUntil ?? r.EarnedAt : r.RecordedAt.AddDays(pendingDays)));
    }
}
