using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>A member's own feedback with its threads, most recently active first; text staff hid is left out.</summary>
public sealed class GetMyFeedback(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int Shown = 50;

    public async Task<IReadOnlyList<FeedbackThread>> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new { m.DisplayName, m.MemberNumber }).SingleAsync(ct);
        var items = await db.Feedback.AsNoTracking().Include(f => f.Messages).Where(f => f.MemberId == memberId)
            .OrderByDescending(f => f.LastActivityAt).ThenByDescending(f => f.Id).Take(Shown).ToListAsync(ct);
        return [.. items.Select(f => FeedbackReading.Thread(f, member.DisplayName, member.MemberNumber, revealHidden: false, forStaff: false))];
    }
}
