using System.Net;
using System.Text;
using Loyalty.Domain.Plus;
using Loyalty.Tests.Integration.Privacy;
using Loyalty.Web.Features.Plus;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration.Plus;

/// <summary><c>POST /api/v1/payments/webhooks/{gateway}</c>: signed, applied at most once.</summary>
public sealed class PaymentWebhookTests
{
    private static async Task<HttpResponseMessage> PostAsync(LoyaltyAppFactory app, string body, string? signature, string gateway = "test")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/webhooks/{gateway}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add(TestPaymentWebhook.SignatureHeader, signature);
        return await app.CreateBrowserlessClient().SendAsync(request);
    }

    private static async Task<(Person Member, CheckoutStart Start, string Body)> CompletedEventAsync(LoyaltyAppFactory app, string eventId = "evt_1")
    {
        var member = await PlusKit.MemberAsync(app);
        var start = await PlusKit.CheckoutAsync(app, member, await PlusKit.PlanAsync(app));
        var subscriptionId = (await PlusKit.SubscriptionOfAsync(app, member)).Id;
        var body = TestPaymentWebhook.Serialize(new PaymentEvent(eventId, PaymentEventKind.CheckoutCompleted, subscriptionId, start.SessionRef, "cus_1", "pm_1",
            "pay_1", 4.99m, "EUR", null));
        return (member, start, body);
    }

    [Fact]
    public async Task A_webhook_delivered_twice_has_one_effect_and_both_deliveries_get_200()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (member, _, body) = await CompletedEventAsync(app);
        var signature = app.Get<TestPaymentWebhook>().SignatureOf(body);

        var first = await PostAsync(app, body, signature);
        var period = (await PlusKit.SubscriptionOfAsync(app, member)).PeriodEnd;
        var second = await PostAsync(app, body, signature);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("Applied", await first.Content.ReadAsStringAsync());
        Assert.Contains("Duplicate", await second.Content.ReadAsStringAsync());
        var subscription = await PlusKit.SubscriptionOfAsync(app, member);
        Assert.Equal((SubscriptionState.Active, period), (subscription.State, subscription.PeriodEnd));
        Assert.Single(await PlusKit.PaymentsOfAsync(app, member));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProcessedPaymentEvents.CountAsync(e => e.EventId == "evt_1")));
    }

    [Fact]
    public async Task A_later_payment_success_names_the_card_saved_for_renewals_without_a_second_period_or_receipt()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var member = await PlusKit.MemberAsync(app);
        var start = await PlusKit.CheckoutAsync(app, member, await PlusKit.PlanAsync(app));
        var id = (await PlusKit.SubscriptionOfAsync(app, member)).Id;
        var webhook = app.Get<TestPaymentWebhook>();
        var completed = TestPaymentWebhook.Serialize(new PaymentEvent("evt_c", PaymentEventKind.CheckoutCompleted, id, start.SessionRef, "cus_1", null, "pi_1", 4.99m, "EUR", null));
        var succeeded = TestPaymentWebhook.Serialize(new PaymentEvent("evt_s", PaymentEventKind.PaymentSucceeded, id, null, "cus_1", "pm_9", "pi_1", 4.99m, "EUR", null));

        await PostAsync(app, completed, webhook.SignatureOf(completed));
        var period = (await PlusKit.SubscriptionOfAsync(app, member)).PeriodEnd;
        var answer = await PostAsync(app, succeeded, webhook.SignatureOf(succeeded));

        Assert.Contains("Applied", await answer.Content.ReadAsStringAsync());
        var subscription = await PlusKit.SubscriptionOfAsync(app, member);
        Assert.Equal((SubscriptionState.Active, period, "pm_9"), (subscription.State, subscription.PeriodEnd, subscription.PaymentMethodRef));
        Assert.Single(await PlusKit.PaymentsOfAsync(app, member));
    }

    [Fact]
    public async Task The_same_event_delivered_many_times_at_once_applies_once()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (member, _, body) = await CompletedEventAsync(app);
        var signature = app.Get<TestPaymentWebhook>().SignatureOf(body);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(app, body, signature)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(await PlusKit.PaymentsOfAsync(app, member));
        Assert.Equal(SubscriptionState.Active, (await PlusKit.SubscriptionOfAsync(app, member)).State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00ff")]
    [InlineData("not-hex")]
    public async Task A_webhook_with_a_missing_or_bad_signature_is_refused_with_400_and_nothing_is_applied(string? signature)
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (member, _, body) = await CompletedEventAsync(app);

        var response = await PostAsync(app, body, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("payments.webhook-rejected", await response.ProblemCodeAsync());
        Assert.Equal(SubscriptionState.PendingCheckout, (await PlusKit.SubscriptionOfAsync(app, member)).State);
        Assert.Empty(await PlusKit.PaymentsOfAsync(app, member));
        Assert.Equal(0, await app.WithDbAsync(db => db.ProcessedPaymentEvents.CountAsync()));
    }

    [Fact]
    public async Task A_body_signed_with_another_secret_is_refused()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (member, _, body) = await CompletedEventAsync(app);
        var forged = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData("guessed"u8.ToArray(), Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(app, body, forged)).StatusCode);
        Assert.Equal(SubscriptionState.PendingCheckout, (await PlusKit.SubscriptionOfAsync(app, member)).State);
    }

    [Fact]
    public async Task A_webhook_for_a_gateway_that_is_not_here_is_404()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(app, "{}", "00", "paypal")).StatusCode);
    }

    [Fact]
    public async Task A_completion_arriving_after_the_checkout_was_declined_changes_nothing()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: PlusKit.Settings());
        var (member, start, body) = await CompletedEventAsync(app, "evt_late");
        await app.Get<TestGatewayEvents>().ChooseAsync(start.SessionRef, TestCheckoutChoice.Decline);

        var response = await PostAsync(app, body, app.Get<TestPaymentWebhook>().SignatureOf(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("NoChange", await response.Content.ReadAsStringAsync());
        Assert.Equal(SubscriptionState.Abandoned, (await PlusKit.SubscriptionOfAsync(app, member)).State);
        Assert.DoesNotContain(await PlusKit.PaymentsOfAsync(app, member), p => p.Outcome == PaymentOutcome.Succeeded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task In_production_the_test_gateway_takes_no_webhooks_and_no_checkouts_unless_allowed(bool allowed)
    {
        var settings = ProductionStartTests.Ready();
        settings["Payments:AllowTestGatewayInProduction"] = allowed ? "true" : "false";
        await using var app = new LoyaltyAppFactory(settings: PlusKit.Settings(settings), environment: "Production");

        var response = await PostAsync(app, "{}", "00");

        Assert.Equal(allowed ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, response.StatusCode); // allowed: found, and the bad signature refused
        Assert.Equal(allowed, app.Get<PaymentGateways>().IsAvailable);
    }
}
