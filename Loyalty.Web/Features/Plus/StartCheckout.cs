using Loyalty.Domain;
using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

/// <summary>
/// A member subscribes: a <see cref="SubscriptionState.PendingCheckout"/> subscription is stored first (refused while one of
/// theirs is live, except their open checkout of the same plan, which is opened again; the unique live index settles two
/// racing clicks), then the gateway opens its checkout. Nothing is active
/// until the gateway's webhook says the payment went through (<see cref="ApplyPaymentEvent"/>).
/// </summary>
public sealed class StartCheckout(IDbContextFactory<LoyaltyDbContext> dbFactory, PaymentGateways gateways, TimeProvider clock)
{
    /// <param name="currentBase">The app's base URL as the member's browser sees it (for the gateway's return links).</param>
    public async Task<CheckoutStart> HandleAsync(string userId, int planId, string currentBase, CancellationToken ct = default)
    {
        var gateway = gateways.Current;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct)
                     ?? throw DomainException.NotFound("member.not-found", "Only members can subscribe to Plus.");
        var plan = await db.PlusPlans.SingleOrDefaultAsync(p => p.Id == planId, ct)
                   ?? throw DomainException.NotFound("plus.plan-not-found", "That plan does not exist.", field: "planId");
        var live = await db.Subscriptions.Where(s => s.LiveMemberId == member.Id).ToListAsync(ct);
        // The member left the payment page and subscribes to the same plan again: the same checkout is opened again (a
        // gateway answers the same subscription with its open session), not refused until it expires.
        var subscription = live.FirstOrDefault(s => s.State == SubscriptionState.PendingCheckout && s.PlanId == plan.Id && s.Gateway == gateway.Name);
        var reopened = subscription is not null;
        if (subscription is null)
        {
            subscription = Subscription.Start(member.Id, plan, gateway.Name, live, clock.GetUtcNow());
            db.Subscriptions.Add(subscription);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                throw DomainException.Conflict("plus.already-subscribed", "A subscription of yours was started a moment ago; open the Plus page again.");
            }
        }

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        var back = currentBase.TrimEnd('/') + "/plus";
        CheckoutStart start;
        try
        {
            start = await gateway.StartCheckoutAsync(new CheckoutRequest(subscription.Id, member.MemberNumber!, email, plan.Name, subscription.Amount,
                subscription.Currency, back + "?checkout=done", back + "?checkout=cancelled"), ct);
        }
        catch when (!reopened)
        {
            // The gateway never opened a checkout: the member may try again at once. (A reopened one stays: its first page may
            // still be paid in another tab.)
            subscription.Abandon(clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        subscription.AttachSession(start.SessionRef);
        await db.SaveChangesAsync(ct);
        return start;
    }
}
