using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

public sealed record MaintenanceReport(int MembersExpired, long PointsExpired, int TiersReviewed, int Downgrades);

/// <summary>
/// Expires what is left of lots past their expiry and reviews tiers whose review date has come. Pending points
/// need no job: they unlock by the clock. Each member is changed through the ledger writer under the member's
/// concurrency token, so running it twice, or on two app instances at once, gives the same state.
/// </summary>
public sealed class RunPointsMaintenance(IDbContextFactory<LoyaltyDbContext> dbFactory, LedgerWriter writer, ProgramTermsCache termsCache,
    Notifications.Notifier notifier, TimeProvider clock, ILogger<RunPointsMaintenance> logger)
{
    private const int Chunk = 500;

    public async Task<MaintenanceReport> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (members, points) = await ExpireAsync(now, ct);
        var (reviewed, downgrades) = await ReviewTiersAsync(now, ct);
        if (members + reviewed > 0)
            logger.LogInformation("Points maintenance: {Points} pts expired for {Members} members; {Reviewed} tier reviews, {Downgrades} downgrades.",
                points, members, reviewed, downgrades);
        return new MaintenanceReport(members, points, reviewed, downgrades);
    }

    private async Task<(int Members, long Points)> ExpireAsync(DateTimeOffset now, CancellationToken ct)
    {
        int members = 0;
        long points = 0;
        long after = 0;
        while (true)
        {
            List<long> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                due = await db.PointsLots.Where(l => l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now && l.MemberId > after)
                    .Select(l => l.MemberId).Distinct().OrderBy(id => id).Take(Chunk).ToListAsync(ct);
            if (due.Count == 0) return (members, points);
            foreach (var memberId in due)
            {
                var expired = await writer.ExecuteAsync(async (db, token) =>
                {
                    var member = await db.Members.SingleAsync(m => m.Id == memberId, token);
                    var lots = await db.PointsLots.Where(l => l.MemberId == memberId && l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now)
                        .ToListAsync(token);
                    var entries = new PointsAccount(memberId, lots, member.DebtPoints).ExpireDue(now);
                    if (entries.Count == 0) return 0L;
                    db.LedgerEntries.AddRange(entries);
                    member.Touch();
                    await db.SaveChangesAsync(token);
                    return -entries.Sum(e => e.Points);
                }, ct);
                if (expired > 0) { members++; points += expired; }
            }
            after = due[^1];
        }
    }

    private async Task<(int Reviewed, int Downgrades)> ReviewTiersAsync(DateTimeOffset now, CancellationToken ct)
    {
        var terms = await termsCache.GetAsync(ct);
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.Members.Where(m => m.TierReviewAt != null && m.TierReviewAt <= now).Select(m => m.Id).ToListAsync(ct);
        var downgrades = 0;
        foreach (var memberId in due)
        {
            var down = await writer.ExecuteAsync(async (db, token) =>
            {
                var member = await db.Members.SingleAsync(m => m.Id == memberId, token);
                if (member.TierReviewAt is not { } review || review > now) return false;
                var windowStart = review.AddMonths(-terms.Settings.TierWindowMonths);
                var qualifying = await db.PointsLots
                    .Where(l => l.MemberId == memberId && l.CountsForTier && l.EarnedAt > windowStart && l.EarnedAt <= review)
                    .SumAsync(l => (long?)(l.Points - l.Reversed), token) ?? 0;
                var current = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
                var next = terms.Tiers.Review(current, qualifying);
                // The member keeps a review date while above the entry tier; it moves on by one window each time.
                member.MoveToTier(next.Id, next.Threshold == 0 ? null : review.AddMonths(terms.Settings.TierWindowMonths));
                member.Touch();
                if (next.Id != current.Id)
                    await notifier.AddAsync(db, memberId, next.Threshold < current.Threshold ? Data.Records.NotificationKind.TierDown : Data.Records.NotificationKind.TierUp,
                        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tier-review:{review.UtcDateTime:yyyy-MM-dd}"), new Dictionary<string, string> { ["tier"] = next.Name }, token);
                await db.SaveChangesAsync(token);
                return next.Id != current.Id;
            }, ct);
            if (down) downgrades++;
        }
        return (due.Count, downgrades);
    }
}
