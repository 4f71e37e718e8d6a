using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// What keys have earned today for their daily cap (<see cref="DailyPoints"/>), read in the ledger writer's transaction so every
/// instance counts what the others committed, and the first refusal of a day noted on the key for the admin overview's alert.
/// </summary>
public static class DailyPointsToday
{
    /// <summary>The points purchases and events of these keys earned since the UTC day of <paramref name="now"/> began (by recording time).</summary>
    public static async Task<Dictionary<Guid, long>> ReadAsync(LoyaltyDbContext db, IReadOnlyCollection<Guid> keyIds, DateTimeOffset now, CancellationToken ct)
    {
        if (keyIds.Count == 0) return [];
        var since = DailyPoints.DayStart(now);
        var ids = keyIds.Select(id => (Guid?)id).ToList();
        var purchases = await db.Purchases.Where(p => ids.Contains(p.ApiKeyId) && p.RecordedAt >= since)
            .GroupBy(p => p.ApiKeyId).Select(g => new { g.Key, Points = g.Sum(p => p.PointsEarned) }).ToListAsync(ct);
        var events = await db.MemberEvents.Where(e => ids.Contains(e.ApiKeyId) && e.RecordedAt >= since)
            .GroupBy(e => e.ApiKeyId).Select(g => new { g.Key, Points = g.Sum(e => e.Points) }).ToListAsync(ct);
        return purchases.Concat(events).GroupBy(x => x.Key!.Value).ToDictionary(g => g.Key, g => g.Sum(x => x.Points));
    }

    /// <summary>Notes the first refusal of the day on the key (later ones keep the time it was first reached).</summary>
    public static Task MarkReachedAsync(LoyaltyDbContext db, Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        var since = DailyPoints.DayStart(now);
        return db.ApiKeys.Where(k => k.Id == keyId && (k.CapReachedAt == null || k.CapReachedAt < since))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.CapReachedAt, now), ct);
    }
}
