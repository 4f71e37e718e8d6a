using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.PartnerPortal;

public sealed record PartnerStoreRow(string Code, string Name, string City, bool Open);

/// <summary>
/// A partner's figures for the current calendar month (UTC): purchases at its stores and the points they earned, points
/// taken back by returns, and redemptions of its rewards (cancelled ones not counted) with the points spent on them.
/// </summary>
public sealed record PartnerOverview(int PartnerId, string Name, string? LogoFileName, bool Active, DateTimeOffset MonthStart,
    int Purchases, long PointsIssued, long PointsReturned, int Redemptions, long PointsRedeemed, int OfferActivations,
    IReadOnlyList<PartnerStoreRow> Stores);

/// <summary>What a partner user sees first: their own partner's month so far and its stores (read-only).</summary>
public sealed class GetPartnerOverview(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<PartnerOverview?> HandleAsync(int partnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null) return null;
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddMonths(1);

        var stores = db.Stores.Where(s => s.PartnerId == partnerId).Select(s => s.Id);
        var purchases = db.Purchases.Where(p => stores.Contains(p.StoreId) && p.OccurredAt >= start && p.OccurredAt < end);
        var returns = db.PurchaseReturns.Where(r => r.OccurredAt >= start && r.OccurredAt < end
                                                    && db.Purchases.Any(p => p.Id == r.PurchaseId && stores.Contains(p.StoreId)));
        var redemptions = db.Redemptions.Where(r => r.IssuedAt >= start && r.IssuedAt < end && r.Status != RedemptionStatus.Cancelled
                                                    && db.Rewards.Any(w => w.Id == r.RewardId && w.PartnerId == partnerId));
        var activations = db.OfferActivations.Where(a => a.ActivatedAt >= start && a.ActivatedAt < end
                                                         && db.Offers.Any(o => o.Id == a.OfferId && o.PartnerId == partnerId));
        return new PartnerOverview(partner.Id, partner.Name, partner.LogoFileName, partner.IsActive, start,
            await purchases.CountAsync(ct), await purchases.SumAsync(p => p.PointsEarned, ct), await returns.SumAsync(r => r.PointsReversed, ct),
            await redemptions.CountAsync(ct), await redemptions.SumAsync(r => r.Points, ct), await activations.CountAsync(ct),
            await db.Stores.AsNoTracking().Where(s => s.PartnerId == partnerId).OrderBy(s => s.City).ThenBy(s => s.Name)
                .Select(s => new PartnerStoreRow(s.Code, s.Name, s.City, s.ClosedAt == null)).ToListAsync(ct));
    }
}
