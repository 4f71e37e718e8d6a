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
        if (refereeIds.Count == 0) return Array.Empty<ReferralPurchase>().ToLookup(_ => 0L);
        var purchases = await db.Purchases.AsNoTracking().Where(p => refereeIds.Contains(p.MemberId))
            .Select(p => new { p.Id, p.MemberId, p.OccurredAt, p.RecordedAt, p.Amount, p.RefundedAmount, p.LotId })
            .ToListAsync(ct);
        var lotIds = purchases.Where(p => p.LotId != null).Select(p => p.LotId!.Value).ToList();
        var lots = await db.PointsLots.AsNoTracking().Where(l => lotIds.Contains(l.Id))
            .Select(l => new { l.Id, l.PendingUntil, l.EarnedAt }).ToDictionaryAsync(l => l.Id, ct);
        // A purchase's points mature when its lot stops being pending; one that earned no points, after the pending days.
        return purchases.ToLookup(p => p.MemberId, p => new ReferralPurchase(p.Id, p.OccurredAt, p.Amount - p.RefundedAmount,
            p.LotId is { } lot && lots.TryGetValue(lot, out var l) ? l.PendingUntil ?? l.EarnedAt : p.RecordedAt.AddDays(pendingDays)));
    }
}
