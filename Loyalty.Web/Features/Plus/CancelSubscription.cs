using Loyalty.Domain;
using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

/// <summary>
/// The member cancels Plus: no more renewals, benefits to the end of the period already paid (no refund for a part period;
/// docs/plus.md, "Refunds"). Audited as the member's own action.
/// </summary>
public sealed class CancelSubscription(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string CancelledAction = "plus.cancelled";

    public async Task<Subscription> HandleAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct)
                     ?? throw DomainException.NotFound("member.not-found", "Only members have Plus.");
        var subscription = await db.Subscriptions.SingleOrDefaultAsync(s => s.LiveMemberId == member.Id, ct)
                           ?? throw DomainException.Conflict("plus.not-subscribed", "You have no Plus membership to cancel.");
        var before = subscription.State;
        subscription.Cancel(clock.GetUtcNow());
        audit.Record(db, $"member:{member.MemberNumber}", CancelledAction, $"member:{member.MemberNumber}", new { State = before.ToString() },
            new { State = subscription.State.ToString(), EndsAt = subscription.PeriodEnd }, "Cancelled by the member");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("plus.changed", "Your membership changed a moment ago (a renewal was being charged); open the Plus page again.");
        }
        return subscription;
    }
}
