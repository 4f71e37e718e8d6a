using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

public enum PaymentEventResult
{
    /// <summary>The event moved a subscription or a payment.</summary>
    Applied,

    /// <summary>Recorded, but nothing it names was waiting for it (late, or about a subscription that moved on): no change.</summary>
    NoChange,

    /// <summary>This event id was applied before: nothing done again.</summary>
    Duplicate,
}

/// <summary>
/// Applies a gateway's event at most once: the (gateway, event id) row is inserted in the same transaction as the effect, so a
/// repeated delivery, or two racing ones, change the subscription once (docs/plus.md, "Webhooks"). A checkout completed makes
/// the subscription active for one period with a receipt; a checkout failed or expired abandons it (no benefits, nothing
/// charged). A renewal payment's later success or failure settles the renewal that was waiting for it. An event about a
/// subscription that has moved on changes nothing.
/// </summary>
public sealed class ApplyPaymentEvent(IDbContextFactory<LoyaltyDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<PlusOptions> options,
    TimeProvider clock, ILogger<ApplyPaymentEvent> logger)
{
    public async Task<PaymentEventResult> HandleAsync(string gateway, PaymentEvent e, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ProcessedPaymentEvents.AnyAsync(p => p.Gateway == gateway && p.EventId == e.EventId, ct)) return PaymentEventResult.Duplicate;
        var now = clock.GetUtcNow();
        var subscription = e.SubscriptionId is { } id
            ? await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id && s.Gateway == gateway, ct)
            : e.SessionRef is { } session ? await db.Subscriptions.SingleOrDefaultAsync(s => s.SessionRef == session && s.Gateway == gateway, ct) : null;
        var applied = subscription is not null && await ApplyAsync(db, subscription, e, now, ct);
        db.ProcessedPaymentEvents.Add(new ProcessedPaymentEvent(gateway, e.EventId, e.Kind.ToString(), subscription?.Id, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex) || ex is DbUpdateConcurrencyException)
        {
            // Another delivery of the same event won the race (or moved the subscription first): its effect stands alone.
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            if (await check.ProcessedPaymentEvents.AnyAsync(p => p.Gateway == gateway && p.EventId == e.EventId, ct)) return PaymentEventResult.Duplicate;
            throw;
        }
        if (!applied) logger.LogInformation("Payment event {EventId} ({Kind}) from {Gateway} changed nothing.", e.EventId, e.Kind, gateway);
        return applied ? PaymentEventResult.Applied : PaymentEventResult.NoChange;
    }

    private async Task<bool> ApplyAsync(LoyaltyDbContext db, Subscription s, PaymentEvent e, DateTimeOffset now, CancellationToken ct)
    {
        if (s.State == SubscriptionState.PendingCheckout && e.Kind is PaymentEventKind.CheckoutCompleted or PaymentEventKind.PaymentSucceeded
            && await db.Members.AnyAsync(m => m.Id == s.MemberId && m.ErasedAt != null, ct))
        {
            // Paid on a page opened just before the account was erased: never active on a closed account; refund it.
            s.Abandon(now);
            logger.LogWarning("Checkout of subscription {Id} completed at {Gateway} for an erased account (payment {PaymentRef}): refund it at the gateway.",
                s.Id, s.Gateway, e.PaymentRef);
            return true;
        }
        if (s.State == SubscriptionState.PendingCheckout)
        {
            switch (e.Kind)
            {
                case PaymentEventKind.CheckoutCompleted or PaymentEventKind.PaymentSucceeded:
                    s.CompleteCheckout(now, e.CustomerRef, e.PaymentMethodRef);
                    db.Payments.Add(Settled(s, PaymentKind.Checkout, e, PaymentOutcome.Succeeded, now));
                    return true;
                case PaymentEventKind.PaymentFailed:
                    s.Abandon(now);
                    db.Payments.Add(Settled(s, PaymentKind.Checkout, e, PaymentOutcome.Declined, now, s.CreatedAt));
                    return true;
                case PaymentEventKind.CheckoutExpired:
                    s.Abandon(now);
                    return true;
            }
        }
        if (e.Kind == PaymentEventKind.CheckoutCompleted && s.State == SubscriptionState.Abandoned)
            // Money taken for a checkout we had given up on (declined first, then paid on the same session): an admin refunds it.
            logger.LogWarning("Checkout of subscription {Id} completed at {Gateway} after it was abandoned (payment {PaymentRef}): refund it at the gateway.",
                s.Id, s.Gateway, e.PaymentRef);
        if (e.Kind is not (PaymentEventKind.PaymentSucceeded or PaymentEventKind.PaymentFailed)) return false;
        // The first payment's own success event may come after the checkout's and name the card saved for renewals.
        var remembered = e.Kind == PaymentEventKind.PaymentSucceeded && s.RememberPaymentMethod(e.CustomerRef, e.PaymentMethodRef);
        // A renewal charge the gateway answered "pending" (or never answered): its outcome arrives here. Matched by the gateway's
        // payment reference; a claim without one (the answer was lost) takes an event naming none of the others.
        var waiting = await db.Payments.Where(p => p.SubscriptionId == s.Id && p.Kind == PaymentKind.Renewal && p.Outcome == PaymentOutcome.Pending)
            .OrderByDescending(p => p.Id).ToListAsync(ct);
        var payment = waiting.FirstOrDefault(p => e.PaymentRef is not null && p.PaymentRef == e.PaymentRef)
                      ?? waiting.FirstOrDefault(p => p.PaymentRef is null);
        if (payment is null) return remembered;
        var o = options.Value;
        var succeeded = e.Kind == PaymentEventKind.PaymentSucceeded;
        payment.Settle(succeeded ? PaymentOutcome.Succeeded : PaymentOutcome.Declined, e.PaymentRef,
            succeeded ? null : e.FailureMessage ?? "The payment failed.", now);
        if (payment.PeriodStart != s.PeriodEnd || s.State is not (SubscriptionState.Active or SubscriptionState.PastDue))
        {
            // The subscription moved on while the charge was out (cancelled, erased, expired): the payment is recorded as what
            // it was, and a success is money for a period it no longer runs, to be refunded at the gateway.
            if (succeeded)
                logger.LogWarning("Renewal payment {PaymentRef} of subscription {Id} succeeded after the subscription moved to {State}: refund it at {Gateway}.",
                    e.PaymentRef, s.Id, s.State, s.Gateway);
            return true;
        }
        if (succeeded) s.Renewed(now);
        else s.RenewalFailed(now, TimeSpan.FromHours(o.RetryHours), o.MaxRetries, TimeSpan.FromDays(o.GraceDays));
        return true;
    }

    private static Payment Settled(Subscription s, PaymentKind kind, PaymentEvent e, PaymentOutcome outcome, DateTimeOffset now,
        DateTimeOffset? periodStart = null)
    {
        var start = periodStart ?? s.PeriodStart!.Value;
        var payment = new Payment(s.Id, kind, s.Gateway, e.Amount ?? s.Amount, e.Currency ?? s.Currency, start,
            periodStart is null ? s.PeriodEnd!.Value : PlusPlan.PeriodEnd(s.Period, start), 1, now);
        payment.Settle(outcome, e.PaymentRef, outcome == PaymentOutcome.Succeeded ? null : e.FailureMessage ?? "The payment was declined.", now);
        return payment;
    }
}
