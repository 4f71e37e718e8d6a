using Loyalty.Domain.Ledger;
using Loyalty.Domain.Tiers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Bench;

internal static partial class DataGenerator
{
    /// <summary>
    /// Brings the program to where the points maintenance job (expiry, tier reviews) would have left it had it run until
    /// <paramref name="until"/> (yesterday 00:00 UTC): what falls due after that is the backlog the scale benchmark times, a day's
    /// worth, not the months a member without purchases would otherwise carry. The same domain calls as the job, in bulk. Also
    /// moves the notification projector's cursor past the generated entries.
    /// </summary>
    public static async Task<string> CatchUpAsync(string file, DateTimeOffset until)
    {
        await using var db = Open(file);
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync();
        var policy = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync());
        var expiredMembers = 0;
        var reviewed = 0;
        await using var tx = await db.Database.BeginTransactionAsync();
        var due = await db.PointsLots.Where(l => l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= until).Select(l => l.MemberId).Distinct().ToListAsync();
        foreach (var chunk in due.Chunk(2_000))
        {
            var debts = await db.Members.Where(m => chunk.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DebtPoints);
            var lots = await db.PointsLots.Where(l => chunk.Contains(l.MemberId) && l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= until).ToListAsync();
            foreach (var member in lots.GroupBy(l => l.MemberId))
            {
                db.LedgerEntries.AddRange(new PointsAccount(member.Key, member, debts[member.Key]).ExpireDue(until));
                expiredMembers++;
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        var reviews = await db.Members.Where(m => m.TierReviewAt != null && m.TierReviewAt <= until).Select(m => m.Id).ToListAsync();
        foreach (var chunk in reviews.Chunk(2_000))
        {
            var members = await db.Members.Where(m => chunk.Contains(m.Id)).ToListAsync();
            var lots = (await db.PointsLots.AsNoTracking().Where(l => chunk.Contains(l.MemberId) && l.CountsForTier)
                .Select(l => new { l.MemberId, l.EarnedAt, Points = l.Points - l.Reversed }).ToListAsync()).ToLookup(l => l.MemberId);
            foreach (var member in members)
                while (member.TierReviewAt is { } review && review <= until)
                {
                    var from = review.AddMonths(-program.TierWindowMonths);
                    var next = policy.Review(policy.Ladder.Single(t => t.Id == member.TierId),
                        lots[member.Id].Where(l => l.EarnedAt > from && l.EarnedAt <= review).Sum(l => l.Points));
                    member.MoveToTier(next.Id, next.Threshold == 0 ? null : review.AddMonths(program.TierWindowMonths));
                    member.Touch();
                    reviewed++;
                }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        // The generated history is history, not news: the notification projector starts after it, as it does after the entries
        // a program had before notifications existed (else the app's first start would churn through 2,000,000 entries).
        var end = await db.Database.SqlQuery<long>(Web.Features.Notifications.ProjectLedgerToNotifications.EndQuery(sqlServer: false)).SingleAsync();
        await db.ProjectionCursors.Where(c => c.Name == Web.Features.Notifications.ProjectLedgerToNotifications.CursorName)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, end));
        await tx.CommitAsync();
        var now = DateTimeOffset.UtcNow;
        var left = await db.PointsLots.Where(l => l.ExpiredAt == null && l.Remaining > 0 && l.ExpiresAt <= now).Select(l => l.MemberId).Distinct().CountAsync();
        var reviewsLeft = await db.Members.CountAsync(m => m.TierReviewAt != null && m.TierReviewAt <= now);
        return $"caught up to {until:yyyy-MM-dd HH:mm} UTC: {expiredMembers:N0} members' lots expired, {reviewed:N0} tier reviews; " +
               $"due now (the maintenance backlog): {left:N0} members with lots to expire, {reviewsLeft:N0} tier reviews";
    }
}
