using Loyalty.Domain;
using Loyalty.Domain.Feedback;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>A member writes back in the thread of their own feedback; counts against the same hourly allowance as ratings.</summary>
public sealed class ReplyToFeedback(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task HandleAsync(long memberId, long feedbackId, string text, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await FeedbackLookup.FindAsync(db, feedbackId, ct);
        // Someone else's feedback is answered as if it did not exist: ids are guessable.
        if (item.MemberId != memberId) throw DomainException.NotFound("feedback.not_found", "This feedback no longer exists.");
        var reply = item.Reply(text, now);
        FeedbackAllowance.Check(await SubmitFeedback.RecentWritingAsync(db, memberId, now, ct), now);
        db.FeedbackMessages.Add(reply);
        await db.SaveChangesAsync(ct);
    }
}
