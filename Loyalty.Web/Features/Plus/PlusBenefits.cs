using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

/// <summary>Who has Plus benefits now, for earning and for Plus-only offers and rewards: one read by the unique live index.</summary>
public static class PlusBenefits
{
    /// <summary>Each of these members' Plus multiplier while they have benefits at <paramref name="at"/>; members without are absent.</summary>
    public static async Task<Dictionary<long, decimal>> MultipliersAsync(LoyaltyDbContext db, IReadOnlyCollection<long> memberIds, DateTimeOffset at,
        CancellationToken ct)
    {
        if (memberIds.Count == 0) return [];
        var live = await db.Subscriptions.AsNoTracking().Where(s => s.LiveMemberId != null && memberIds.Contains(s.LiveMemberId.Value)).ToListAsync(ct);
        return live.Where(s => s.HasBenefits(at)).ToDictionary(s => s.MemberId, s => s.EarnMultiplier);
    }

    public static async Task<bool> HasAsync(LoyaltyDbContext db, long memberId, DateTimeOffset at, CancellationToken ct) =>
        (await MultipliersAsync(db, [memberId], at, ct)).ContainsKey(memberId);
}
