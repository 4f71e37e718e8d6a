using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

/// <summary>
/// Keeps <see cref="RewardDailyRollup"/> (docs/analytics.md, "Rewards"): a day's rows are counted again from the redemptions
/// whenever one of that day's redemptions may have changed, so a row read twice changes nothing. The changes are learned
/// from two feeds the rollup pass reads: a new redemption (the redemptions' feed; a prize voucher has no ledger entry) and a
/// cancellation (its Refund entries, source ref "{redemption}/cancel", in the ledger's feed; on SQLite an update does not
/// move a row in its feed). A redemption's reward, points and issue time never change, and a row is never deleted.
/// </summary>
internal static class RewardRollup
{
    public const string CancelSuffix = "/cancel";

    /// <summary>The redemptions cancelled by these ledger entries (their Refund entries).</summary>
    public static async Task<List<Guid>> CancelledByAsync(LoyaltyDbContext db, List<Guid> entryIds, CancellationToken ct)
    {
        var refs = await db.LedgerEntries.AsNoTracking()
            .Where(e => entryIds.Contains(e.Id) && e.Kind == LedgerEntryKind.Refund && e.Source == LedgerSource.Redemption)
            .Select(e => e.SourceRef).ToListAsync(ct);
        return refs.Where(r => r is not null && r.EndsWith(CancelSuffix, StringComparison.Ordinal))
            .Select(r => Guid.TryParse(r![..^CancelSuffix.Length], out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
    }

    /// <summary>Counts again, from the redemptions, the days on which these redemptions were issued.</summary>
    public static async Task RecountAsync(LoyaltyDbContext db, List<Guid> redemptionIds, CancellationToken ct)
    {
        if (redemptionIds.Count == 0) return;
        var issued = await db.Redemptions.AsNoTracking().Where(r => redemptionIds.Contains(r.Id)).Select(r => r.IssuedAt).ToListAsync(ct);
        var days = issued.Select(RollUpAnalytics.DayOf).Distinct().Order().ToList();
        if (days.Count == 0) return;
        var counted = new Dictionary<(DateOnly Day, int RewardId), (long Count, long Points)>();
        foreach (var (first, last) in Runs(days))
        {
            var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var rows = await db.Redemptions.AsNoTracking()
                .Where(r => r.IssuedAt >= start && r.IssuedAt < end && r.Status != RedemptionStatus.Cancelled && r.Points > 0)
                .Select(r => new { r.IssuedAt, r.RewardId, r.Points }).ToListAsync(ct);
            foreach (var row in rows)
            {
                var key = (RollUpAnalytics.DayOf(row.IssuedAt), row.RewardId);
                var (count, points) = counted.GetValueOrDefault(key);
                counted[key] = (count + 1, points + row.Points);
            }
        }
        var existing = await db.RewardDailyRollups.Where(r => days.Contains(r.Day)).ToListAsync(ct);
        foreach (var row in existing.Where(r => !counted.ContainsKey((r.Day, r.RewardId)))) db.RewardDailyRollups.Remove(row);
        var byKey = existing.ToDictionary(r => (r.Day, r.RewardId));
        foreach (var (key, (count, points)) in counted)
        {
            if (!byKey.TryGetValue(key, out var rollup)) db.RewardDailyRollups.Add(rollup = new RewardDailyRollup(key.Day, key.RewardId));
            rollup.Redemptions = count;
            rollup.Points = points;
        }
    }

    /// <summary>Sorted days as runs of consecutive days (each read with one range of the redemptions' issue-time index).</summary>
    private static IEnumerable<(DateOnly First, DateOnly Last)> Runs(List<DateOnly> days)
    {
        var first = days[0];
        var last = first;
        foreach (var day in days.Skip(1))
        {
            if (day == last.AddDays(1))
            {
                last = day;
                continue;
            }
            yield return (first, last);
            first = last = day;
        }
        yield return (first, last);
    }
}
