using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>One feedback thread for staff; hidden member text only for admins (<paramref name="revealHidden"/>).</summary>
public sealed class GetFeedbackThread(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<FeedbackThread> HandleAsync(long feedbackId, bool revealHidden, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await FeedbackLookup.FindAsync(db, feedbackId, ct);
        var member = await db.Members.AsNoTracking().Where(m => m.Id == item.MemberId).Select(m => new { m.DisplayName, m.MemberNumber }).SingleAsync(ct);
        return FeedbackReading.Thread(item, member.DisplayName, member.MemberNumber, revealHidden, forStaff: true);
    }
}
