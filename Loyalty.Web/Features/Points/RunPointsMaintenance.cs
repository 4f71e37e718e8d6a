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
            // The chunk's members go to the writer together: each is applied under a savepoint of its own (a member's expiry is
            // all or nothing) and many share one transaction and one flush to disk, instead of a commit and a flush per member.
            var expired = await Task.WhenAll(due.Select(memberId => writer.ExecuteAsync((db, token) => ExpireMemberAsync(db, memberId, now, token), ct)));
            foreach (var pts in expired)
                if (pts > 0) { members++; points += pts; }
            after = due[^1];
        }
    }

    /// <returns>The points the member's due lots had left, now expired (0 when another run got there first).</returns>
    private static async Task<long> ExpireMemberAsync(LoyaltyDbContext db, long memberId, DateTimeOffset now, CancellationToken ct)
    {
        var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
        var lots = await db.PointsLots.Where(l => l.MemberId == memberId && l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now)
            .ToListAsync(ct);
        var entries = new PointsAccount(memberId, lots, member.DebtPoints).ExpireDue(now);
        if (entries.Count == 0) return 0L;
        db.LedgerEntries.AddRange(entries);
        member.Touch();
        await db.SaveChangesAsync(ct);
        return -entries.Sum(e => e.Points);
    }

    private async Task<(int Reviewed, int Downgrades)> ReviewTiersAsync(DateTimeOffset now, CancellationToken ct)
    {
        var terms = await termsCache.GetAsync(ct);
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.Members.Where(m => m.TierReviewAt != null && m.TierReviewAt <= now).Select(m => m.Id).ToListAsync(ct);
        var downgrades = 0;
        // Together, like the expiry: a savepoint each, shared transactions.
        foreach (var chunk in due.Chunk(Chunk))
        {
            var moved = await Task.WhenAll(chunk.Select(memberId => writer.ExecuteAsync((db, token) => ReviewMemberAsync(db, memberId, now, terms, token), ct)));
            downgrades += moved.Count(m => m);
        }
        return (due.Count, downgrades);
    }

    /// <returns>Whether the member moved to another tier.</returns>
    private async Task<bool> ReviewMemberAsync(LoyaltyDbContext db, long memberId, DateTimeOffset now, ProgramTerms terms, CancellationToken ct)
    {
        var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
        if (member.TierReviewAt is not { } review || review > now) return false;
        var windowStart = review.AddMonths(-terms.Settings.TierWindowMonths);
        var qualifying = await db.PointsLots
            .Where(l => l.MemberId == memberId && l.CountsForTier && l.EarnedAt > windowStart && l.EarnedAt <= review)
            .SumAsync(l => (long?)(l.Points - l.Reversed), ct) ?? 0;
        var current = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        var next = terms.Tiers.Review(current, qualifying);
        // The member keeps a review date while above the entry tier; it moves on by one window each time.
        member.MoveToTier(next.Id, next.Threshold == 0 ? null : review.AddMonths(terms.Settings.TierWindowMonths));
        member.Touch();
        if (next.Id != current.Id)
            await notifier.AddAsync(db, memberId, next.Threshold < current.Threshold ? Data.Records.NotificationKind.TierDown : Data.Records.NotificationKind.TierUp,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tier-review:{review.UtcDateTime:yyyy-MM-dd}"), new Dictionary<string, string> { ["tier"] = next.Name }, ct);
        await db.SaveChangesAsync(ct);
        return next.Id != current.Id;
    }
}
