using System.Globalization;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// The reminders with a deadline, run by <c>Jobs/NotificationReminders</c> (hourly; each is sent once, so how often it runs
/// only decides how soon): points of a lot that expire within 30 days (once per lot, subject <c>lot:{lotId}</c>), and the
/// tier downgrade notice 30 days before a review the member would not pass today (once per review,
/// <c>tier-review:{yyyy-MM-dd}</c>). On one instance at a time (a job lease); the unique index guards the rest.
/// </summary>
public sealed class RemindMembers(IDbContextFactory<LoyaltyDbContext> dbFactory, Notifier notifier, ProgramTermsCache termsCache,
    JobLeases leases, TimeProvider clock)
{
    public const string LeaseName = "notifications:reminders";
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(30);
    private const int Chunk = 500;

    /// <returns>How many reminders were added; null when another instance holds the lease.</returns>
    public async Task<int?> HandleAsync(CancellationToken ct = default)
    {
        if (!await leases.TryAcquireAsync(LeaseName, TimeSpan.FromMinutes(10), ct)) return null;
        try
        {
            return await RemindExpiringAsync(ct) + await RemindTierReviewsAsync(ct);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, CancellationToken.None);
        }
    }

    private async Task<int> RemindExpiringAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + Ahead;
        List<(Guid Id, long MemberId, long Remaining, DateTimeOffset ExpiresAt)> lots;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            lots = (await db.PointsLots.AsNoTracking()
                .Where(l => l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt > now && l.ExpiresAt <= until)
                .Select(l => new { l.Id, l.MemberId, l.Remaining, l.ExpiresAt }).ToListAsync(ct))
                .ConvertAll(l => (l.Id, l.MemberId, l.Remaining, l.ExpiresAt!.Value));
        var added = 0;
        foreach (var chunk in lots.Chunk(Chunk))
            added += await notifier.AddMissingAsync(dbFactory, NotificationKind.PointsExpiring, chunk.Select(l => (l.MemberId, $"lot:{l.Id}", new Dictionary<string, string>
            {
                ["points"] = l.Remaining.ToString(CultureInfo.InvariantCulture),
                ["date"] = l.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })).ToList(), ct);
        return added;
    }

    private async Task<int> RemindTierReviewsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + Ahead;
        var terms = await termsCache.GetAsync(ct);
        var notices = new List<(long MemberId, string Subject, Dictionary<string, string> Arguments)>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var due = await db.Members.AsNoTracking().Where(m => m.TierReviewAt != null && m.TierReviewAt > now && m.TierReviewAt <= until)
                .Select(m => new { m.Id, m.TierId, Review = m.TierReviewAt!.Value }).ToListAsync(ct);
            foreach (var member in due)
            {
                // What the review would decide if it were today (RunPointsMaintenance decides it on the day).
                var windowStart = member.Review.AddMonths(-terms.Settings.TierWindowMonths);
                var qualifying = await db.PointsLots.Where(l => l.MemberId == member.Id && l.CountsForTier && l.EarnedAt > windowStart && l.EarnedAt <= now)
                    .SumAsync(l => (long?)(l.Points - l.Reversed), ct) ?? 0;
                var current = terms.Tiers.Ladder.SingleOrDefault(t => t.Id == member.TierId);
                if (current is null) continue;
                var next = terms.Tiers.Review(current, qualifying);
                if (next.Threshold >= current.Threshold) continue;
                var date = member.Review.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                notices.Add((member.Id, $"tier-review:{date}", new Dictionary<string, string> { ["tier"] = next.Name, ["date"] = date }));
            }
        }
        return await notifier.AddMissingAsync(dbFactory, NotificationKind.TierDowngradeNotice, notices, ct);
    }
}
