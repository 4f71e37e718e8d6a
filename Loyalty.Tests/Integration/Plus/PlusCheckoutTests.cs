using Loyalty.Domain;
using Loyalty.Domain.Plus;
using Loyalty.Web.Features.Plus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Plus;

/// <summary>Checkout through the test gateway, and what Plus does to earning.</summary>
public sealed class PlusCheckoutTests
{
    private static LoyaltyAppFactory App(TimeProvider? clock = null) => new(demo: true, settings: PlusKit.Settings(), clock: clock);

    [Fact]
    public async Task An_approved_checkout_makes_the_member_Plus_with_a_receipt_and_their_next_purchase_earns_the_multiplier_in_its_reason()
    {
        await using var app = App();
        var (member, subscription) = await PlusKit.SubscribedAsync(app, 1.5m);
        var other = await PlusKit.MemberAsync(app, "Norma NoPlus");
        var api = await ApiClient.CreateAsync(app);

        var plus = await PlusKit.BuyAsync(app, api, member, 40m, DateTimeOffset.UtcNow.AddMinutes(-1));
        var plain = await PlusKit.BuyAsync(app, api, other, 40m, DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal(SubscriptionState.Active, subscription.State);
        var receipt = Assert.Single(await PlusKit.PaymentsOfAsync(app, member));
        Assert.Equal((PaymentKind.Checkout, PaymentOutcome.Succeeded, 4.99m, "EUR"), (receipt.Kind, receipt.Outcome, receipt.Amount, receipt.Currency));
        Assert.Equal((subscription.PeriodStart!.Value, subscription.PeriodEnd!.Value), (receipt.PeriodStart, receipt.PeriodEnd));
        Assert.Contains("× Plus 1.5 = ", plus.Reason);
        Assert.DoesNotContain("Plus", plain.Reason);
        Assert.Equal((long)Math.Floor(plain.Points * 1.5m), plus.Points);
    }

    [Theory]
    [InlineData(TestCheckoutChoice.Decline)]
    [InlineData(TestCheckoutChoice.Fail)]
    public async Task A_declined_or_failed_checkout_leaves_no_subscription_no_multiplier_and_nothing_charged(TestCheckoutChoice choice)
    {
        await using var app = App();
        var plan = await PlusKit.PlanAsync(app);
        var member = await PlusKit.MemberAsync(app);
        var start = await PlusKit.CheckoutAsync(app, member, plan);

        await app.Get<TestGatewayEvents>().ChooseAsync(start.SessionRef, choice);
        var bought = await PlusKit.BuyAsync(app, await ApiClient.CreateAsync(app), member, 40m, DateTimeOffset.UtcNow.AddMinutes(-1));

        var subscription = await PlusKit.SubscriptionOfAsync(app, member);
        Assert.Equal(SubscriptionState.Abandoned, subscription.State);
        Assert.Null(subscription.LiveMemberId);
        Assert.DoesNotContain("Plus", bought.Reason);
        Assert.DoesNotContain(await PlusKit.PaymentsOfAsync(app, member), p => p.Outcome == PaymentOutcome.Succeeded);
        Assert.Empty(app.Get<TestPaymentGateway>().Charges);
        var view = await app.Get<GetMyPlus>().HandleAsync(member.UserId);
        Assert.Null(view.Subscription); // the member sees no membership, and may subscribe again
        Assert.Equal(PaymentEventResult.Applied, await app.Get<TestGatewayEvents>().ChooseAsync(
            (await PlusKit.CheckoutAsync(app, member, plan)).SessionRef, TestCheckoutChoice.Approve));
    }

    [Fact]
    public async Task A_second_checkout_while_one_is_open_or_active_is_refused_but_the_open_one_of_the_same_plan_opens_again()
    {
        await using var app = App();
        var plan = await PlusKit.PlanAsync(app);
        var yearly = await PlusKit.PlanAsync(app, period: BillingPeriod.Yearly);
        var member = await PlusKit.MemberAsync(app);
        await PlusKit.CheckoutAsync(app, member, plan);

        var otherPlan = await Assert.ThrowsAsync<DomainException>(() => PlusKit.CheckoutAsync(app, member, yearly));
        var again = await PlusKit.CheckoutAsync(app, member, plan); // the member left the payment page and clicks Subscribe again
        await app.Get<TestGatewayEvents>().ChooseAsync(again.SessionRef, TestCheckoutChoice.Approve);
        var whileActive = await Assert.ThrowsAsync<DomainException>(() => PlusKit.CheckoutAsync(app, member, plan));

        Assert.Equal(("plus.already-subscribed", "plus.already-subscribed"), (otherPlan.Code, whileActive.Code));
        var subscription = Assert.Single(await app.WithDbAsync(db => db.Subscriptions.Where(s => s.MemberId == member.Id).ToListAsync()));
        Assert.Equal((SubscriptionState.Active, plan), (subscription.State, subscription.PlanId));
    }

    [Fact]
    public async Task Two_live_subscriptions_for_one_member_cannot_be_stored_even_past_the_use_case()
    {
        await using var app = App();
        var plan = await PlusKit.PlanAsync(app);
        var member = await PlusKit.MemberAsync(app);
        await PlusKit.CheckoutAsync(app, member, plan);

        var stored = await app.WithDbAsync(db => db.PlusPlans.SingleAsync(p => p.Id == plan));
        var second = Subscription.Start(member.Id, stored, "test", [], DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Subscriptions.Add(second);
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task A_cancelled_member_keeps_the_multiplier_to_the_periods_end_and_earns_without_it_once_it_expired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var (member, _) = await PlusKit.SubscribedAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var cancelled = await app.Get<CancelSubscription>().HandleAsync(member.UserId);
        var before = await PlusKit.BuyAsync(app, api, member, 40m, clock.GetUtcNow().AddMinutes(-1));
        clock.Advance(TimeSpan.FromDays(32));
        var run = await app.Get<RenewSubscriptions>().HandleAsync();
        var after = await PlusKit.BuyAsync(app, api, member, 40m, clock.GetUtcNow().AddMinutes(-1));

        Assert.Equal(SubscriptionState.CancelAtPeriodEnd, cancelled.State);
        Assert.Contains("× Plus 1.5", before.Reason);
        Assert.Equal(1, run.Ended);
        Assert.Equal(SubscriptionState.Expired, (await PlusKit.SubscriptionOfAsync(app, member)).State);
        Assert.DoesNotContain("Plus", after.Reason);
        Assert.Empty(app.Get<TestPaymentGateway>().Charges); // a cancelled membership is never charged again
        Assert.Contains(await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()), a => a == CancelSubscription.CancelledAction);
    }

    [Fact]
    public async Task Cancelling_twice_is_refused()
    {
        await using var app = App();
        var (member, _) = await PlusKit.SubscribedAsync(app);
        await app.Get<CancelSubscription>().HandleAsync(member.UserId);

        var e = await Assert.ThrowsAsync<DomainException>(() => app.Get<CancelSubscription>().HandleAsync(member.UserId));

        Assert.Equal("plus.already-cancelled", e.Code);
    }

    [Fact]
    public async Task A_checkout_nobody_finished_is_abandoned_by_the_renewal_job_after_a_day()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = App(clock);
        var member = await PlusKit.MemberAsync(app);
        await PlusKit.CheckoutAsync(app, member, await PlusKit.PlanAsync(app));

        clock.Advance(TimeSpan.FromHours(23));
        await app.Get<RenewSubscriptions>().HandleAsync();
        var stillOpen = (await PlusKit.SubscriptionOfAsync(app, member)).State;
        clock.Advance(TimeSpan.FromHours(2));
        await app.Get<RenewSubscriptions>().HandleAsync();

        Assert.Equal(SubscriptionState.PendingCheckout, stillOpen);
        Assert.Equal(SubscriptionState.Abandoned, (await PlusKit.SubscriptionOfAsync(app, member)).State);
    }
}
