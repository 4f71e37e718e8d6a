using Loyalty.Domain;
using Loyalty.Domain.Feedback;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>
/// A member rates a subject (1–5) with an optional comment: once per subject a day (later on the same day is refused, not
/// merged: what staff answered stays what was written), within the hourly allowance.
/// </summary>
public sealed class SubmitFeedback(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<long> HandleAsync(long memberId, FeedbackDraft draft, CancellationToken ct = default)
    {
        var subject = FeedbackSubject.TryParse(draft.SubjectKey) ?? throw FeedbackSubject.Unknown();
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = await GetFeedbackSubjects.NameAsync(db, subject, ct);
        var item = new FeedbackItem(memberId, subject, name, draft.Rating, draft.Comment, now);
        FeedbackAllowance.Check(await RecentWritingAsync(db, memberId, now, ct), now);
        if (await db.Feedback.AnyAsync(f => f.MemberId == memberId && f.SubjectKey == item.SubjectKey && f.Day == item.Day, ct))
            throw AlreadyToday();
        db.Feedback.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            throw AlreadyToday(); // a second submit that raced past the check
        }
        return item.Id;
    }

    /// <summary>When the member wrote ratings and replies within the allowance's window.</summary>
    internal static async Task<IReadOnlyCollection<DateTimeOffset>> RecentWritingAsync(LoyaltyDbContext db, long memberId, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - FeedbackAllowance.Window;
        var ratings = await db.Feedback.Where(f => f.MemberId == memberId && f.CreatedAt > since).Select(f => f.CreatedAt).ToListAsync(ct);
        var replies = await db.FeedbackMessages
            .Where(m => m.StaffName == null && m.At > since && db.Feedback.Any(f => f.Id == m.FeedbackId && f.MemberId == memberId))
            .Select(m => m.At).ToListAsync(ct);
        return [.. ratings, .. replies];
    }

    private static DomainException AlreadyToday() =>
        DomainException.Conflict("feedback.already_today", "You have already rated this today. Reply in its thread below, or rate it again tomorrow.", "subject");
}
