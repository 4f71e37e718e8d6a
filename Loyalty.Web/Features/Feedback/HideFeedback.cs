using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>
/// Staff hide a member's abusive text (the comment and the member's replies in that thread; the rating stays) or show it
/// again. Both are audited; doing what is already done changes and records nothing.
/// </summary>
public sealed class HideFeedback(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task HandleAsync(long feedbackId, bool hide, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await FeedbackLookup.FindAsync(db, feedbackId, ct);
        var changed = hide ? item.Hide(actor, clock.GetUtcNow()) : item.Unhide();
        if (!changed) return;
        audit.Record(db, actor, hide ? "feedback.hidden" : "feedback.unhidden", $"feedback:{item.Id}",
            new { hidden = !hide }, new { hidden = hide });
        await db.SaveChangesAsync(ct);
    }
}
