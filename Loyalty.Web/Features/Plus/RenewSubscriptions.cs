using System.Globalization;
using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Plus;

/// <summary>What one run of the renewal job did.</summary>
public sealed record RenewalRun(int Charged, int Failed, int Ended, int Abandoned, int SkippedClaimed);

/// <summary>
/// The renewal job's body (docs/plus.md, "Renewals"). For each subscription at or past its period's end: a cancelled one
/// expires; an active or past-due one is charged for the next period, after <b>claiming</b> that charge: its
/// <see cref="Payment"/> row, unique per (subscription, period start, attempt), is inserted before the gateway is asked, so
/// two runs, or two instances, charge a period's attempt once (the loser's insert fails and it moves on). The gateway is also
/// given the idempotency key <c>renew:{subscriptionId}:{periodStart:yyyyMMdd}</c> (retries add <c>:retry{n}</c>). A success starts
/// the next period; a decline makes it past due, retried after <c>Plus:RetryHours</c> up to <c>Plus:MaxRetries</c> times within
/// <c>Plus:GraceDays</c>, then it expires. Checkouts left open longer than <c>Plus:CheckoutExpiryHours</c> are abandoned.
/// </summary>
public sealed class RenewSubscriptions(IDbContextFactory<LoyaltyDbContext> dbFactory, PaymentGateways gateways, IOptions<PlusOptions> options,
    TimeProvider clock, ILogger<RenewSubscriptions> logger)
{
    public const int Batch = 100;

    /// <summary>How long a renewal charge may stay without an answer before the job asks the gateway again (with the same key).</summary>
    public static readonly TimeSpan ResendPendingAfter = TimeSpan.FromMinutes(30);

    public static string IdempotencyKey(long subscriptionId, DateTimeOffset periodStart, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"renew:{subscriptionId}:{periodStart.UtcDateTime:yyyyMMdd}") +
        (attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $":retry{attempt - 1}") : "");

    public async Task<RenewalRun> HandleAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        int charged = 0, failed = 0, ended = 0, abandoned = 0, skipped = 0;
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var staleBefore = now.AddHours(-o.CheckoutExpiryHours);
            due = await db.Subscriptions.AsNoTracking()
                .Where(s => (s.State == SubscriptionState.Active && s.PeriodEnd <= now)
                            || (s.State == SubscriptionState.CancelAtPeriodEnd && s.PeriodEnd <= now)
                            || (s.State == SubscriptionState.PastDue && (s.NextRetryAt <= now || s.GraceUntil <= now))
                            || (s.State == SubscriptionState.PendingCheckout && s.CreatedAt <= staleBefore))
                .OrderBy(s => s.Id).Select(s => s.Id).Take(Batch * 10).ToListAsync(ct);
        }
        foreach (var id in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var s = await db.Subscriptions.SingleAsync(x => x.Id == id, ct);
            try
            {
                switch (s.State)
                {
                    case SubscriptionState.PendingCheckout:
                        s.Abandon(now);
                        await db.SaveChangesAsync(ct);
                        abandoned++;
                        continue;
                    case SubscriptionState.CancelAtPeriodEnd or SubscriptionState.PastDue when s.State == SubscriptionState.CancelAtPeriodEnd || now >= s.GraceUntil:
                        s.EndIfOver(now);
                        await db.SaveChangesAsync(ct);
                        ended++;
                        continue;
                }
                if (!s.IsDue(now)) continue; // moved on since it was listed
                switch (await ChargeAsync(db, s, now, o, ct))
                {
                    case ChargeOutcome.Succeeded: charged++; break;
                    case null: skipped++; break;
                    case ChargeOutcome.Pending: break;
                    default: failed++; break;
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // A webhook or another run moved it first; what they did stands.
            }
        }
        if (charged + failed + ended + abandoned > 0)
            logger.LogInformation("Plus renewals: {Charged} charged, {Failed} failed, {Ended} ended, {Abandoned} checkouts abandoned.", charged, failed, ended, abandoned);
        return new RenewalRun(charged, failed, ended, abandoned, skipped);
    }

    /// <returns>The charge's outcome, or null when another run had claimed it.</returns>
    private async Task<ChargeOutcome?> ChargeAsync(LoyaltyDbContext db, Subscription s, DateTimeOffset now, PlusOptions o, CancellationToken ct)
    {
        var periodStart = s.PeriodEnd!.Value;
        var attempt = s.FailedCharges + 1;
        var claim = new Payment(s.Id, PaymentKind.Renewal, s.Gateway, s.Amount, s.Currency, periodStart, PlusPlan.PeriodEnd(s.Period, periodStart), attempt, now);
        db.Payments.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another run (or instance) holds this period's attempt: it charges, not us. Unless that claim was never answered
            // (the process stopped, or the gateway's answer and webhook were lost) for ResendPendingAfter: then it is asked
            // again with the same idempotency key, which gets the gateway's first answer back and never charges twice.
            db.Entry(claim).State = EntityState.Detached;
            claim = await db.Payments.SingleAsync(p => p.SubscriptionId == s.Id && p.PeriodStart == periodStart && p.Attempt == attempt, ct);
            if (claim.Outcome != PaymentOutcome.Pending || claim.At > now - ResendPendingAfter) return null;
            logger.LogWarning("Renewal charge {PaymentId} of subscription {Id} has had no answer since {At}; asking the gateway again with its key.",
                claim.Id, s.Id, claim.At);
        }

        ChargeResult result;
        if (gateways.Find(s.Gateway) is not { } gateway)
            result = new ChargeResult(ChargeOutcome.Failed, null, $"The gateway '{s.Gateway}' is not available here.");
        else if (s.CustomerRef is null || s.PaymentMethodRef is null)
            result = new ChargeResult(ChargeOutcome.Failed, null, "No saved payment method to charge.");
        else
        {
            try
            {
                result = await gateway.ChargeAsync(new ChargeRequest(s.Id, s.CustomerRef, s.PaymentMethodRef, s.Amount, s.Currency,
                    IdempotencyKey(s.Id, periodStart, attempt), $"{s.PlanName} from {periodStart:yyyy-MM-dd}"), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unknown whether it went through: leave the claim pending; the gateway's webhook settles it (never a second charge).
                logger.LogWarning(e, "Renewal charge for subscription {Id} failed to complete; waiting for the gateway's event.", s.Id);
                claim.Settle(PaymentOutcome.Pending, null, null, now);
                return ChargeOutcome.Pending;
            }
        }

        switch (result.Outcome)
        {
            case ChargeOutcome.Succeeded:
                claim.Settle(PaymentOutcome.Succeeded, result.PaymentRef, null, clock.GetUtcNow());
                s.Renewed(now);
                break;
            case ChargeOutcome.Pending:
                claim.Settle(PaymentOutcome.Pending, result.PaymentRef, null, now);
                break;
            default:
                claim.Settle(result.Outcome == ChargeOutcome.Declined ? PaymentOutcome.Declined : PaymentOutcome.Failed, result.PaymentRef,
                    result.FailureMessage ?? "The charge failed.", clock.GetUtcNow());
                s.RenewalFailed(now, TimeSpan.FromHours(o.RetryHours), o.MaxRetries, TimeSpan.FromDays(o.GraceDays));
                break;
        }
        await db.SaveChangesAsync(ct);
        return result.Outcome;
    }
}
