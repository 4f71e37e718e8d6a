using Loyalty.Domain.Feedback;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>
/// Staff answer a member's feedback (the first answer or one more in the thread). Each answer notifies the member once, in
/// the same change (subject "feedback-reply:{answer id}"), and moves their open feedback page once committed.
/// </summary>
public sealed class AnswerFeedback(IDbContextFactory<LoyaltyDbContext> dbFactory, Notifier notifier, TimeProvider clock)
{
    public async Task<Guid> HandleAsync(long feedbackId, string staffName, string text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await FeedbackLookup.FindAsync(db, feedbackId, ct);
        var answer = item.Answer(staffName, text, clock.GetUtcNow());
        db.FeedbackMessages.Add(answer);
        await notifier.AddAsync(db, item.MemberId, NotificationKind.FeedbackAnswered, $"feedback-reply:{answer.Id}",
            new Dictionary<string, string> { ["subject"] = item.SubjectName, ["feedbackId"] = item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        await db.SaveChangesAsync(ct);
        db.RunAfterCommit();
        return answer.Id;
    }
}

internal static class FeedbackLookup
{
    public static async Task<FeedbackItem> FindAsync(LoyaltyDbContext db, long feedbackId, CancellationToken ct) =>
        await db.Feedback.Include(f => f.Messages).SingleOrDefaultAsync(f => f.Id == feedbackId, ct)
        ?? throw Loyalty.Domain.DomainException.NotFound("feedback.not_found", "This feedback no longer exists.");
}
