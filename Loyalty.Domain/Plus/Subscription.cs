namespace Loyalty.Domain.Plus;

public enum SubscriptionState
{
    /// <summary>Sent to the gateway's checkout; nothing paid yet, no benefits.</summary>
    PendingCheckout = 1,

    /// <summary>Paid for the current period; renews at its end.</summary>
    Active = 2,

    /// <summary>A renewal failed: benefits kept during the grace period while the charge is retried.</summary>
    PastDue = 3,

    /// <summary>The member cancelled: benefits to the period's end, no renewal.</summary>
    CancelAtPeriodEnd = 4,

    /// <summary>Over: cancelled and past its end, or renewals failed until the retries ran out.</summary>
    Expired = 5,

    /// <summary>The checkout was declined, failed or expired: never active.</summary>
    Abandoned = 6,
}

/// <summary>
/// A member's Plus membership on one plan, at the price and multiplier it was bought at (docs/plus.md, "States"). One live
/// (pending, active, past due or cancelled-at-end) subscription per member: <see cref="Start"/> refuses a second, and
/// <see cref="LiveMemberId"/> carries a unique index so two racing checkouts cannot both be stored.
/// </summary>
public sealed class Subscription
{
    private Subscription() { PlanName = Currency = Gateway = ""; }

    private Subscription(long memberId, PlusPlan plan, string gateway, DateTimeOffset at)
    {
        MemberId = memberId;
        PlanId = plan.Id;
        PlanName = plan.Name;
        Period = plan.Period;
        Amount = plan.Price;
        Currency = plan.Currency;
        EarnMultiplier = plan.EarnMultiplier;
        Gateway = gateway;
        CreatedAt = at;
        Move(SubscriptionState.PendingCheckout);
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public int PlanId { get; private set; }
    public string PlanName { get; private set; }
    public BillingPeriod Period { get; private set; }

    /// <summary>What each period costs (the plan's price when bought).</summary>
    public decimal Amount { get; private set; }

    public string Currency { get; private set; }
    public decimal EarnMultiplier { get; private set; }

    /// <summary>"test" or "stripe": the gateway that charges it.</summary>
    public string Gateway { get; private set; }

    public SubscriptionState State { get; private set; }

    /// <summary>The member's id while live, else null: unique, so a member has at most one live subscription.</summary>
    public long? LiveMemberId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public string? SessionRef { get; private set; }
    public string? CustomerRef { get; private set; }
    public string? PaymentMethodRef { get; private set; }
    public DateTimeOffset? PeriodStart { get; private set; }
    public DateTimeOffset? PeriodEnd { get; private set; }

    /// <summary>Past due: benefits end here unless a retry succeeds.</summary>
    public DateTimeOffset? GraceUntil { get; private set; }

    /// <summary>Failed renewal charges for the current period.</summary>
    public int FailedCharges { get; private set; }

    public DateTimeOffset? NextRetryAt { get; private set; }

    /// <summary>When the first payment went through (null while pending, and for an abandoned checkout).</summary>
    public DateTimeOffset? ActivatedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsLive => IsLiveState(State);

    public static bool IsLiveState(SubscriptionState state) =>
        state is SubscriptionState.PendingCheckout or SubscriptionState.Active or SubscriptionState.PastDue or SubscriptionState.CancelAtPeriodEnd;

    /// <summary>Whether the member earns the Plus multiplier (and sees Plus-only offers and rewards) at this moment.</summary>
    public bool HasBenefits(DateTimeOffset at) => State switch
    {
        SubscriptionState.Active => true,
        SubscriptionState.PastDue => at < GraceUntil,
        SubscriptionState.CancelAtPeriodEnd => at < PeriodEnd,
        _ => false,
    };

    /// <summary>The first step: a checkout for the member, refused while another subscription of theirs is live.</summary>
    public static Subscription Start(long memberId, PlusPlan plan, string gateway, IEnumerable<Subscription> membersSubscriptions, DateTimeOffset at)
    {
        if (plan.Retired)
            throw DomainException.Conflict("plus.plan-retired", $"The plan '{plan.Name}' is no longer offered; choose another plan.", field: "planId");
        if (membersSubscriptions.FirstOrDefault(s => s.MemberId == memberId && s.IsLive) is { } live)
            throw live.State == SubscriptionState.PendingCheckout
                ? DomainException.Conflict("plus.already-subscribed", "A checkout of yours is still open: finish it, or wait until it expires (a day at most) before starting another.")
                : DomainException.Conflict("plus.already-subscribed", "You already have Plus; one membership at a time. Cancel it first to change plans when it ends.");
        return new Subscription(memberId, plan, gateway, at);
    }

    public void AttachSession(string sessionRef)
    {
        Require(SubscriptionState.PendingCheckout, "attach a checkout to");
        SessionRef = sessionRef;
    }

    /// <summary>
    /// A gateway told the customer or saved payment method after the checkout completed (Stripe's payment_intent.succeeded
    /// follows checkout.session.completed): kept for renewals when not known yet. True when it changed anything.
    /// </summary>
    public bool RememberPaymentMethod(string? customerRef, string? paymentMethodRef)
    {
        if (State is SubscriptionState.Abandoned or SubscriptionState.Expired) return false;
        var before = (CustomerRef, PaymentMethodRef);
        (CustomerRef, PaymentMethodRef) = (CustomerRef ?? customerRef, PaymentMethodRef ?? paymentMethodRef);
        return before != (CustomerRef, PaymentMethodRef);
    }

    /// <summary>The first payment went through: active for one period from <paramref name="at"/>.</summary>
    public void CompleteCheckout(DateTimeOffset at, string? customerRef, string? paymentMethodRef)
    {
        Require(SubscriptionState.PendingCheckout, "activate");
        (CustomerRef, PaymentMethodRef) = (customerRef ?? CustomerRef, paymentMethodRef ?? PaymentMethodRef);
        StartPeriod(at);
        ActivatedAt = at;
        Move(SubscriptionState.Active);
    }

    /// <summary>The checkout was declined, failed or expired: nothing paid, never active.</summary>
    public void Abandon(DateTimeOffset at)
    {
        Require(SubscriptionState.PendingCheckout, "abandon");
        EndedAt = at;
        Move(SubscriptionState.Abandoned);
    }

    /// <summary>Whether the renewal job has work for it now: a charge due (or retry due), or a cancelled one to end.</summary>
    public bool IsDue(DateTimeOffset at) => State switch
    {
        SubscriptionState.Active => at >= PeriodEnd,
        SubscriptionState.PastDue => at >= NextRetryAt || at >= GraceUntil,
        SubscriptionState.CancelAtPeriodEnd => at >= PeriodEnd,
        _ => false,
    };

    /// <summary>The renewal charge for the period after <see cref="PeriodEnd"/> succeeded: the next period starts where the last ended.</summary>
    public void Renewed(DateTimeOffset at)
    {
        if (State is not (SubscriptionState.Active or SubscriptionState.PastDue))
            throw Refused("renew");
        StartPeriod(PeriodEnd!.Value);
        Move(SubscriptionState.Active);
    }

    /// <summary>
    /// A renewal charge was declined or failed. The first failure makes it past due with a grace period from the period's end;
    /// it is retried every <paramref name="retryAfter"/> up to <paramref name="maxRetries"/> times within the grace period, then it expires.
    /// </summary>
    public void RenewalFailed(DateTimeOffset at, TimeSpan retryAfter, int maxRetries, TimeSpan grace)
    {
        if (State is not (SubscriptionState.Active or SubscriptionState.PastDue))
            throw Refused("record a failed renewal for");
        if (State == SubscriptionState.Active) GraceUntil = PeriodEnd!.Value + grace;
        FailedCharges++;
        var next = at + retryAfter;
        if (FailedCharges > maxRetries || next >= GraceUntil)
        {
            Expire(at);
            return;
        }
        NextRetryAt = next;
        Move(SubscriptionState.PastDue);
    }

    /// <summary>The member cancels: an active one keeps its benefits to the period's end and is not renewed; a past-due one ends now (its period is over).</summary>
    public void Cancel(DateTimeOffset at)
    {
        if (State == SubscriptionState.CancelAtPeriodEnd)
            throw DomainException.Conflict("plus.already-cancelled", $"Plus is already cancelled; it ends on {PeriodEnd:yyyy-MM-dd}.");
        if (State is not (SubscriptionState.Active or SubscriptionState.PastDue)) throw Refused("cancel");
        CancelledAt = at;
        if (State == SubscriptionState.PastDue) Expire(at);
        else Move(SubscriptionState.CancelAtPeriodEnd);
    }

    /// <summary>
    /// The member's account was erased: a live subscription ends now, never renewed, with no refund for the rest of the period
    /// (docs/plus.md, "Refunds"); an open checkout is abandoned. False when it was not live.
    /// </summary>
    public bool EndForErasure(DateTimeOffset at)
    {
        if (!IsLive) return false;
        if (State == SubscriptionState.PendingCheckout)
        {
            Abandon(at);
            return true;
        }
        CancelledAt ??= at;
        Expire(at);
        return true;
    }

    /// <summary>A cancelled subscription at its period's end, or a past-due one at its grace's end: over.</summary>
    public void EndIfOver(DateTimeOffset at)
    {
        if (State == SubscriptionState.CancelAtPeriodEnd && at >= PeriodEnd) Expire(at);
        else if (State == SubscriptionState.PastDue && at >= GraceUntil) Expire(at);
        else throw Refused("end");
    }

    private void Expire(DateTimeOffset at)
    {
        EndedAt = at;
        NextRetryAt = null;
        Move(SubscriptionState.Expired);
    }

    private void StartPeriod(DateTimeOffset start)
    {
        PeriodStart = start;
        PeriodEnd = PlusPlan.PeriodEnd(Period, start);
        (GraceUntil, NextRetryAt, FailedCharges) = (null, null, 0);
    }

    private void Move(SubscriptionState state)
    {
        State = state;
        LiveMemberId = IsLiveState(state) ? MemberId : null;
    }

    private void Require(SubscriptionState state, string what)
    {
        if (State != state) throw Refused(what);
    }

    private DomainException Refused(string what) =>
        DomainException.Conflict("plus.state", $"Cannot {what} a subscription that is {Describe(State)}.");

    public static string Describe(SubscriptionState state) => state switch
    {
        SubscriptionState.PendingCheckout => "waiting for its checkout",
        SubscriptionState.Active => "active",
        SubscriptionState.PastDue => "past due",
        SubscriptionState.CancelAtPeriodEnd => "cancelled at its period's end",
        SubscriptionState.Expired => "expired",
        _ => "abandoned",
    };
}
