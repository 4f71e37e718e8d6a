using Loyalty.Domain;
using Loyalty.Domain.Plus;

namespace Loyalty.Tests.Domain.Plus;

public sealed class SubscriptionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retry = TimeSpan.FromHours(24);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    public static PlusPlan Monthly(decimal multiplier = 1.5m) => new("Plus monthly", BillingPeriod.Monthly, 4.99m, "EUR", multiplier, "More points", T0);

    private static Subscription Pending() => Subscription.Start(7, Monthly(), "test", [], T0);

    private static Subscription Active()
    {
        var s = Pending();
        s.CompleteCheckout(T0, "cus_1", "pm_1");
        return s;
    }

    [Fact]
    public void A_new_subscription_waits_for_its_checkout_is_live_and_gives_no_benefits()
    {
        var s = Pending();

        Assert.Equal(SubscriptionState.PendingCheckout, s.State);
        Assert.Equal(7, s.LiveMemberId);
        Assert.False(s.HasBenefits(T0));
        Assert.Equal((4.99m, "EUR", 1.5m), (s.Amount, s.Currency, s.EarnMultiplier));
    }

    [Fact]
    public void A_completed_checkout_makes_it_active_for_one_month_with_benefits()
    {
        var s = Active();

        Assert.Equal(SubscriptionState.Active, s.State);
        Assert.Equal(T0, s.PeriodStart);
        Assert.Equal(T0.AddMonths(1), s.PeriodEnd);
        Assert.Equal(T0, s.ActivatedAt);
        Assert.True(s.HasBenefits(T0.AddDays(3)));
        Assert.Equal("cus_1", s.CustomerRef);
    }

    [Fact]
    public void A_yearly_plan_runs_for_a_year()
    {
        var plan = new PlusPlan("Plus yearly", BillingPeriod.Yearly, 49m, "EUR", 1.5m, null, T0);
        var s = Subscription.Start(7, plan, "test", [], T0);

        s.CompleteCheckout(T0, "c", "p");

        Assert.Equal(T0.AddYears(1), s.PeriodEnd);
    }

    [Fact]
    public void A_declined_checkout_abandons_it_with_no_benefits_and_it_is_no_longer_live()
    {
        var s = Pending();

        s.Abandon(T0.AddMinutes(2));

        Assert.Equal(SubscriptionState.Abandoned, s.State);
        Assert.Null(s.LiveMemberId);
        Assert.False(s.HasBenefits(T0.AddMinutes(3)));
    }

    [Fact]
    public void A_late_checkout_completion_of_an_abandoned_subscription_is_refused()
    {
        var s = Pending();
        s.Abandon(T0);

        var e = Assert.Throws<DomainException>(() => s.CompleteCheckout(T0, null, null));

        Assert.Equal("plus.state", e.Code);
        Assert.Equal(SubscriptionState.Abandoned, s.State);
    }

    [Fact]
    public void A_second_live_subscription_for_the_same_member_is_refused()
    {
        var first = Active();

        var e = Assert.Throws<DomainException>(() => Subscription.Start(7, Monthly(), "test", [first], T0));

        Assert.Equal("plus.already-subscribed", e.Code);
        Assert.Equal(RefusalKind.Conflict, e.Kind);
    }

    [Fact]
    public void A_member_whose_earlier_subscription_expired_may_subscribe_again()
    {
        var old = Active();
        old.Cancel(T0.AddDays(1));
        old.EndIfOver(T0.AddMonths(1));

        var again = Subscription.Start(7, Monthly(), "test", [old], T0.AddMonths(2));

        Assert.Equal(SubscriptionState.PendingCheckout, again.State);
    }

    [Fact]
    public void A_retired_plan_takes_no_new_subscription()
    {
        var plan = Monthly();
        plan.Retire();

        Assert.Equal("plus.plan-retired", Assert.Throws<DomainException>(() => Subscription.Start(7, plan, "test", [], T0)).Code);
    }

    [Fact]
    public void A_successful_renewal_starts_the_next_period_where_the_last_ended()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;

        s.Renewed(end.AddMinutes(5));

        Assert.Equal(SubscriptionState.Active, s.State);
        Assert.Equal(end, s.PeriodStart);
        Assert.Equal(end.AddMonths(1), s.PeriodEnd);
    }

    [Fact]
    public void A_failed_renewal_makes_it_past_due_with_benefits_during_the_grace_period_and_a_retry_scheduled()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;

        s.RenewalFailed(end, Retry, maxRetries: 3, Grace);

        Assert.Equal(SubscriptionState.PastDue, s.State);
        Assert.Equal(end + Grace, s.GraceUntil);
        Assert.Equal(end + Retry, s.NextRetryAt);
        Assert.True(s.HasBenefits(end.AddDays(6)));
        Assert.False(s.HasBenefits(end.AddDays(7)));
        Assert.True(s.IsLive);
    }

    [Fact]
    public void A_retry_that_succeeds_makes_it_active_again_for_the_period_after_the_one_that_failed()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;
        s.RenewalFailed(end, Retry, 3, Grace);

        s.Renewed(end + Retry);

        Assert.Equal(SubscriptionState.Active, s.State);
        Assert.Equal(end, s.PeriodStart);
        Assert.Equal(end.AddMonths(1), s.PeriodEnd);
        Assert.Equal(0, s.FailedCharges);
        Assert.Null(s.GraceUntil);
    }

    [Fact]
    public void When_the_retries_run_out_it_expires_and_the_benefits_end()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;

        s.RenewalFailed(end, Retry, 2, Grace);            // first charge
        s.RenewalFailed(end + Retry, Retry, 2, Grace);    // retry 1
        Assert.Equal(SubscriptionState.PastDue, s.State);
        s.RenewalFailed(end + 2 * Retry, Retry, 2, Grace); // retry 2: the last

        Assert.Equal(SubscriptionState.Expired, s.State);
        Assert.Null(s.LiveMemberId);
        Assert.False(s.HasBenefits(end + 2 * Retry));
    }

    [Fact]
    public void A_retry_that_would_fall_after_the_grace_period_is_not_scheduled_it_expires()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;

        s.RenewalFailed(end, TimeSpan.FromDays(4), 5, Grace);
        s.RenewalFailed(end + TimeSpan.FromDays(4), TimeSpan.FromDays(4), 5, Grace);

        Assert.Equal(SubscriptionState.Expired, s.State);
    }

    [Fact]
    public void Cancelling_keeps_the_benefits_to_the_periods_end_then_it_expires()
    {
        var s = Active();
        var end = s.PeriodEnd!.Value;

        s.Cancel(T0.AddDays(3));

        Assert.Equal(SubscriptionState.CancelAtPeriodEnd, s.State);
        Assert.True(s.HasBenefits(end.AddMinutes(-1)));
        Assert.False(s.HasBenefits(end));
        Assert.True(s.IsDue(end));
        s.EndIfOver(end);
        Assert.Equal(SubscriptionState.Expired, s.State);
        Assert.Equal(T0.AddDays(3), s.CancelledAt);
    }

    [Fact]
    public void Cancelling_twice_is_refused_and_says_when_it_ends()
    {
        var s = Active();
        s.Cancel(T0.AddDays(3));

        var e = Assert.Throws<DomainException>(() => s.Cancel(T0.AddDays(4)));

        Assert.Equal("plus.already-cancelled", e.Code);
        Assert.Contains(T0.AddMonths(1).ToString("yyyy-MM-dd"), e.Message);
    }

    [Fact]
    public void A_cancelled_subscription_is_not_renewed()
    {
        var s = Active();
        s.Cancel(T0.AddDays(3));

        Assert.Equal("plus.state", Assert.Throws<DomainException>(() => s.Renewed(s.PeriodEnd!.Value)).Code);
        Assert.Equal("plus.state", Assert.Throws<DomainException>(() => s.RenewalFailed(s.PeriodEnd!.Value, Retry, 3, Grace)).Code);
    }

    [Fact]
    public void A_cancelled_subscription_does_not_end_before_its_period_does()
    {
        var s = Active();
        s.Cancel(T0.AddDays(3));

        Assert.Throws<DomainException>(() => s.EndIfOver(s.PeriodEnd!.Value.AddMinutes(-1)));
        Assert.Equal(SubscriptionState.CancelAtPeriodEnd, s.State);
    }

    [Fact]
    public void Cancelling_a_past_due_subscription_ends_it_at_once()
    {
        var s = Active();
        s.RenewalFailed(s.PeriodEnd!.Value, Retry, 3, Grace);

        s.Cancel(s.PeriodEnd!.Value.AddHours(1));

        Assert.Equal(SubscriptionState.Expired, s.State);
        Assert.False(s.HasBenefits(s.PeriodEnd!.Value.AddHours(2)));
    }

    [Fact]
    public void An_expired_subscription_cannot_be_renewed_cancelled_or_activated()
    {
        var s = Active();
        s.Cancel(T0.AddDays(1));
        s.EndIfOver(s.PeriodEnd!.Value);

        Assert.Throws<DomainException>(() => s.Renewed(T0.AddMonths(2)));
        Assert.Throws<DomainException>(() => s.Cancel(T0.AddMonths(2)));
        Assert.Throws<DomainException>(() => s.CompleteCheckout(T0.AddMonths(2), null, null));
        Assert.Equal(SubscriptionState.Expired, s.State);
    }

    [Fact]
    public void A_pending_checkout_cannot_be_cancelled_or_renewed()
    {
        var s = Pending();

        Assert.Throws<DomainException>(() => s.Cancel(T0));
        Assert.Throws<DomainException>(() => s.Renewed(T0));
    }

    [Fact]
    public void An_active_subscription_is_due_at_its_periods_end_and_not_before()
    {
        var s = Active();

        Assert.False(s.IsDue(s.PeriodEnd!.Value.AddSeconds(-1)));
        Assert.True(s.IsDue(s.PeriodEnd!.Value));
    }
}
