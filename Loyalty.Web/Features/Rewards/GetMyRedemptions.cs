using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

public sealed record VoucherRow(Guid Id, string Reward, string VoucherCode, long Points, RedemptionStatus Status, DateTimeOffset IssuedAt,
    DateTimeOffset? UsedAt, DateTimeOffset? CancelledAt);

/// <summary>A member's vouchers (or any member's, for staff), newest first.</summary>
public sealed class GetMyRedemptions(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<VoucherRow>> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Redemptions.AsNoTracking().Where(r => r.MemberId == memberId).OrderByDescending(r => r.IssuedAt)
            .Select(r => new VoucherRow(r.Id, r.RewardName, r.VoucherCode, r.Points, r.Status, r.IssuedAt, r.UsedAt, r.CancelledAt))
            .ToListAsync(ct);
    }
}
