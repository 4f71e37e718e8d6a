using Loyalty.Domain.Plus;
using Loyalty.Web.Features.Plus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Plus;

/// <summary>The renewal job's body: charges each period once, retries a decline, then lapses.</summary>
public sealed class PlusRenewalTests
{
    private static LoyaltyAppFactory App(FakeTimeProvider clock, Dictionary<string, string?>? more = null) =>
        new(demo: true, settings: PlusKit.Settings(more), clock: clock);

    [Fact]
    public async Task At_the_periods_end_the_job_charges_once_with_the_periods_idempotency_key_and_starts_the_next_period()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, first) = await PlusKit.SubscribedAsync(app);

        var early = await app.Get<RenewSubscriptions>().HandleAsync();
        clock.Advance(first.PeriodEnd!.Value - clock.GetUtcNow());
        var due = await app.Get<RenewSubscriptions>().HandleAsync();
        var again = await app.Get<RenewSubscriptions>().HandleAsync();

        Assert.Equal((0, 1, 0), (early.Charged, due.Charged, again.Charged));
        var renewed = await PlusKit.SubscriptionOfAsync(app, member);
        Assert.Equal((SubscriptionState.Active, first.PeriodEnd, first.PeriodEnd!.Value.AddMonths(1)), (renewed.State, renewed.PeriodStart, renewed.PeriodEnd));
        var charge = Assert.Single(app.Get<TestPaymentGateway>().Charges);
        Assert.Equal(RenewSubscriptions.IdempotencyKey(first.Id, first.PeriodEnd!.Value, 1), charge.Key);
        Assert.Equal($"renew:{first.Id}:{first.PeriodEnd!.Value.UtcDateTime:yyyyMMdd}", charge.Key);
        var renewal = Assert.Single(await PlusKit.PaymentsOfAsync(app, member), p => p.Kind == PaymentKind.Renewal);
        Assert.Equal((PaymentOutcome.Succeeded, first.PeriodEnd!.Value), (renewal.Outcome, renewal.PeriodStart));
    }

    [Fact]
    public async Task A_charge_whose_answer_was_lost_stays_pending_and_is_asked_again_with_the_same_key_after_half_an_hour_charging_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, first) = await PlusKit.SubscribedAsync(app);
        var gateway = app.Get<TestPaymentGateway>();
        clock.Advance(first.PeriodEnd!.Value - clock.GetUtcNow());
        gateway.LoseNextAnswers(1);

        var lost = await app.Get<RenewSubscriptions>().HandleAsync();
        var pending = await PlusKit.SubscriptionOfAsync(app, member);
        var tooSoon = await app.Get<RenewSubscriptions>().HandleAsync();
        clock.Advance(RenewSubscriptions.ResendPendingAfter + TimeSpan.FromMinutes(1));
        var asked = await app.Get<RenewSubscriptions>().HandleAsync();

        Assert.Equal((0, 0), (lost.Charged, lost.Failed)); // unknown is neither: never retried as a new attempt under a new key
        Assert.Equal((SubscriptionState.Active, first.PeriodEnd), (pending.State, pending.PeriodEnd));
        Assert.Equal((1, 1, 2), (tooSoon.SkippedClaimed, asked.Charged, gateway.ChargeCalls)); // not asked again too soon; then once more
        Assert.Single(gateway.Charges); // the gateway took the money once
        var renewal = Assert.Single(await PlusKit.PaymentsOfAsync(app, member), p => p.Kind == PaymentKind.Renewal);
        Assert.Equal((PaymentOutcome.Succeeded, 1), (renewal.Outcome, renewal.Attempt));
        Assert.Equal(first.PeriodEnd!.Value.AddMonths(1), (await PlusKit.SubscriptionOfAsync(app, member)).PeriodEnd);
    }

    [Fact]
    public async Task A_renewal_settled_by_the_gateway_after_the_member_cancelled_is_recorded_and_answered_without_an_error()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, first) = await PlusKit.SubscribedAsync(app);
        clock.Advance(first.PeriodEnd!.Value - clock.GetUtcNow());
        app.Get<TestPaymentGateway>().NextCharges.Enqueue(ChargeOutcome.Pending);
        await app.Get<RenewSubscriptions>().HandleAsync();
        var claim = Assert.Single(await PlusKit.PaymentsOfAsync(app, member), p => p.Kind == PaymentKind.Renewal);
        await app.Get<CancelSubscription>().HandleAsync(member.UserId);

        var result = await app.Get<ApplyPaymentEvent>().HandleAsync(PaymentGateways.TestName, new PaymentEvent("evt_late", PaymentEventKind.PaymentSucceeded,
            first.Id, null, null, null, claim.PaymentRef, first.Amount, first.Currency, null));

        Assert.Equal(PaymentEventResult.Applied, result);
        Assert.Equal(PaymentOutcome.Succeeded, Assert.Single(await PlusKit.PaymentsOfAsync(app, member), p => p.Kind == PaymentKind.Renewal).Outcome);
        Assert.Equal(SubscriptionState.CancelAtPeriodEnd, (await PlusKit.SubscriptionOfAsync(app, member)).State);
    }

    [Fact]
    public async Task Two_runs_of_the_job_racing_charge_a_period_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, first) = await PlusKit.SubscribedAsync(app);
        clock.Advance(TimeSpan.FromDays(32));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => app.Get<RenewSubscriptions>().HandleAsync())));

        Assert.Equal(1, runs.Sum(r => r.Charged));
        Assert.Single(app.Get<TestPaymentGateway>().Charges);
        Assert.Equal(1, app.Get<TestPaymentGateway>().ChargeCalls); // asked once, not only charged once thanks to the key
        Assert.Single(await PlusKit.PaymentsOfAsync(app, member), p => p.Kind == PaymentKind.Renewal);
        Assert.Equal(first.PeriodEnd!.Value.AddMonths(1), (await PlusKit.SubscriptionOfAsync(app, member)).PeriodEnd);
    }

    [Fact]
    public async Task Two_app_instances_running_the_job_at_once_on_one_database_charge_a_period_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = App(clock);
        var (member, subscription) = await PlusKit.SubscribedAsync(first);
        await using var second = App(clock, new() { ["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}" });
        clock.Advance(TimeSpan.FromDays(32));

        var runs = await Task.WhenAll(
            Task.Run(() => first.Get<RenewSubscriptions>().HandleAsync()), Task.Run(() => second.Get<RenewSubscriptions>().HandleAsync()),
            Task.Run(() => first.Get<RenewSubscriptions>().HandleAsync()), Task.Run(() => second.Get<RenewSubscriptions>().HandleAsync()));

        Assert.Equal(1, runs.Sum(r => r.Charged));
        Assert.Equal(1, first.Get<TestPaymentGateway>().Charges.Count + second.Get<TestPaymentGateway>().Charges.Count);
        Assert.Equal(1, first.Get<TestPaymentGateway>().ChargeCalls + second.Get<TestPaymentGateway>().ChargeCalls);
        Assert.Single(await PlusKit.PaymentsOfAsync(first, member), p => p.Kind == PaymentKind.Renewal);
        Assert.Equal(subscription.PeriodEnd!.Value.AddMonths(1), (await PlusKit.SubscriptionOfAsync(first, member)).PeriodEnd);
    }

    [Fact]
    public async Task A_declined_renewal_makes_it_past_due_with_benefits_and_a_retry_that_succeeds_makes_it_active_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, first) = await PlusKit.SubscribedAsync(app);
        app.Get<TestPaymentGateway>().NextCharges.Enqueue(ChargeOutcome.Declined);
        clock.Advance(first.PeriodEnd!.Value - clock.GetUtcNow());

        await app.Get<RenewSubscriptions>().HandleAsync();
        var pastDue = await PlusKit.SubscriptionOfAsync(app, member);
        var earned = await PlusKit.BuyAsync(app, await ApiClient.CreateAsync(app), member, 40m, clock.GetUtcNow().AddMinutes(-1));
        clock.Advance(TimeSpan.FromHours(12));
        var tooSoon = await app.Get<RenewSubscriptions>().HandleAsync();
        clock.Advance(TimeSpan.FromHours(12));
        var retry = await app.Get<RenewSubscriptions>().HandleAsync();

        Assert.Equal(SubscriptionState.PastDue, pastDue.State);
        Assert.Equal(first.PeriodEnd!.Value.AddDays(7), pastDue.GraceUntil);
        Assert.Contains("× Plus 1.5", earned.Reason); // benefits kept in the grace period
        Assert.Equal((0, 1), (tooSoon.Charged + tooSoon.Failed, retry.Charged));
        var renewed = await PlusKit.SubscriptionOfAsync(app, member);
        Assert.Equal((SubscriptionState.Active, first.PeriodEnd, first.PeriodEnd!.Value.AddMonths(1)), (renewed.State, renewed.PeriodStart, renewed.PeriodEnd));
        var attempts = (await PlusKit.PaymentsOfAsync(app, member)).Where(p => p.Kind == PaymentKind.Renewal).ToList();
        Assert.Equal([(1, PaymentOutcome.Declined), (2, PaymentOutcome.Succeeded)], attempts.Select(p => (p.Attempt, p.Outcome)));
        Assert.Single(attempts, p => p.Outcome == PaymentOutcome.Succeeded); // the period is paid for once
        Assert.Contains((await app.Get<GetPlusOverview>().HandleAsync()).FailedPayments, f => f.MemberNumber == member.Number);
    }

    [Fact]
    public async Task When_every_retry_is_declined_it_expires_after_the_last_and_the_multiplier_stops()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock, new() { ["Plus:MaxRetries"] = "2" });
        var (member, first) = await PlusKit.SubscribedAsync(app);
        var gateway = app.Get<TestPaymentGateway>();
        for (var i = 0; i < 5; i++) gateway.NextCharges.Enqueue(ChargeOutcome.Declined);
        clock.Advance(first.PeriodEnd!.Value - clock.GetUtcNow());

        var states = new List<SubscriptionState>();
        for (var run = 0; run < 4; run++)
        {
            await app.Get<RenewSubscriptions>().HandleAsync();
            states.Add((await PlusKit.SubscriptionOfAsync(app, member)).State);
            clock.Advance(TimeSpan.FromHours(24));
        }
        var after = await PlusKit.BuyAsync(app, await ApiClient.CreateAsync(app), member, 40m, clock.GetUtcNow().AddMinutes(-1));

        Assert.Equal([SubscriptionState.PastDue, SubscriptionState.PastDue, SubscriptionState.Expired, SubscriptionState.Expired], states);
        Assert.Equal(3, gateway.Charges.Count); // the first charge and two retries, each under its own key
        Assert.DoesNotContain("Plus", after.Reason);
    }
}
