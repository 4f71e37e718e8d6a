using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Web.Features.Plus;
using Loyalty.Web.Features.Plus.Stripe;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Features.Plus.Stripe;

/// <summary>Webhook deliveries built and signed the way Stripe builds and signs them, then read by StripeWebhook.</summary>
public sealed class StripeWebhookTests
{
    private const string Secret = "whsec_test_5f3b1c0e9a7d4e2f8b6a1c3d5e7f9a0b";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);

    private static StripeWebhook Webhook() =>
        new(Options.Create(new StripeOptions { SecretKey = FakeStripeApi.SecretKey, WebhookSecret = Secret }), new FakeTimeProvider(Now));

    /// <summary>An event envelope as Stripe posts it: object "event", the API version, and the object in data.object.</summary>
    private static string Event(string type, string dataObject, string id = "evt_1QxY7bLkdIwHu7ixEvent01", string apiVersion = "2026-10-28.endive") => $$"""
        {
          "id": "{{id}}",
          "object": "event",
          "api_version": "{{apiVersion}}",
          "created": {{Now.ToUnixTimeSeconds()}},
          "data": {
            "object": {{dataObject}}
          },
          "livemode": false,
          "pending_webhooks": 1,
          "request": { "id": null, "idempotency_key": null },
          "type": "{{type}}"
        }
        """;

    /// <summary>Stripe's scheme: t=unix time, v1=hex HMAC-SHA256 of "{t}.{payload}" keyed with the endpoint's secret.</summary>
    private static Dictionary<string, string> Signed(string payload, string secret = Secret, DateTimeOffset? at = null, string header = "Stripe-Signature")
    {
        var t = (at ?? Now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")));
        return new Dictionary<string, string> { [header] = $"t={t},v1={v1}", ["Content-Type"] = "application/json; charset=utf-8" };
    }

    private static PaymentEvent? Deliver(string payload) => Webhook().Parse(payload, Signed(payload));

    [Fact]
    public void A_paid_checkout_becomes_CheckoutCompleted_with_our_subscription_the_customer_and_the_payment()
    {
        var payload = Event("checkout.session.completed", StripeJson.CheckoutSession(status: "complete", paymentStatus: "paid",
            customer: StripeJson.CustomerId, paymentIntent: StripeJson.PaymentIntentId));

        var e = Deliver(payload);

        Assert.Equal(new PaymentEvent("evt_1QxY7bLkdIwHu7ixEvent01", PaymentEventKind.CheckoutCompleted, 42, StripeJson.SessionId,
            StripeJson.CustomerId, null, StripeJson.PaymentIntentId, 12.50m, "EUR", null), e);
    }

    [Fact]
    public void A_completed_but_unpaid_checkout_waits_for_its_async_payment_to_succeed()
    {
        var unpaid = StripeJson.CheckoutSession(status: "complete", paymentStatus: "unpaid", customer: StripeJson.CustomerId, paymentIntent: StripeJson.PaymentIntentId);
        var paid = StripeJson.CheckoutSession(status: "complete", paymentStatus: "paid", customer: StripeJson.CustomerId, paymentIntent: StripeJson.PaymentIntentId);

        Assert.Null(Deliver(Event("checkout.session.completed", unpaid)));
        var later = Deliver(Event("checkout.session.async_payment_succeeded", paid, id: "evt_async"));

        Assert.Equal(PaymentEventKind.CheckoutCompleted, later?.Kind);
        Assert.Equal(42, later?.SubscriptionId);
    }

    [Fact]
    public void Without_metadata_the_subscription_is_taken_from_the_client_reference_id()
    {
        var e = Deliver(Event("checkout.session.completed", StripeJson.CheckoutSession(subscriptionId: 77, status: "complete", paymentStatus: "paid", withMetadata: false)));

        Assert.Equal(77, e?.SubscriptionId);
    }

    [Fact]
    public void A_zero_decimal_checkout_amount_comes_back_in_whole_units()
    {
        var e = Deliver(Event("checkout.session.completed", StripeJson.CheckoutSession(amountTotal: 1200, currency: "jpy", status: "complete", paymentStatus: "paid")));

        Assert.Equal(1200m, e?.Amount);
        Assert.Equal("JPY", e?.Currency);
    }

    [Fact]
    public void An_expired_checkout_becomes_CheckoutExpired()
    {
        var e = Deliver(Event("checkout.session.expired", StripeJson.CheckoutSession(status: "expired")));

        Assert.Equal(PaymentEventKind.CheckoutExpired, e?.Kind);
        Assert.Equal(42, e?.SubscriptionId);
        Assert.Equal(StripeJson.SessionId, e?.SessionRef);
    }

    [Fact]
    public void A_checkout_whose_delayed_payment_failed_becomes_PaymentFailed()
    {
        var e = Deliver(Event("checkout.session.async_payment_failed", StripeJson.CheckoutSession(status: "complete", paymentStatus: "unpaid",
            paymentIntent: StripeJson.PaymentIntentId)));

        Assert.Equal(PaymentEventKind.PaymentFailed, e?.Kind);
        Assert.Equal(42, e?.SubscriptionId);
        Assert.Equal(StripeJson.PaymentIntentId, e?.PaymentRef);
        Assert.NotNull(e?.FailureMessage);
    }

    [Fact]
    public void A_succeeded_payment_intent_carries_the_saved_payment_method_for_renewals()
    {
        var e = Deliver(Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded")));

        Assert.Equal(new PaymentEvent("evt_1QxY7bLkdIwHu7ixEvent01", PaymentEventKind.PaymentSucceeded, 42, null,
            StripeJson.CustomerId, StripeJson.PaymentMethodId, StripeJson.PaymentIntentId, 12.50m, "EUR", null), e);
    }

    [Fact]
    public void A_failed_payment_intent_becomes_PaymentFailed_with_the_bank_s_reason()
    {
        var e = Deliver(Event("payment_intent.payment_failed", StripeJson.PaymentIntent("requires_payment_method", lastPaymentError: "Your card has insufficient funds.")));

        Assert.Equal(PaymentEventKind.PaymentFailed, e?.Kind);
        Assert.Equal(42, e?.SubscriptionId);
        Assert.Equal(StripeJson.PaymentIntentId, e?.PaymentRef);
        Assert.Equal("Your card has insufficient funds.", e?.FailureMessage);
    }

    [Fact]
    public void A_card_refused_on_the_checkout_page_is_ignored_because_the_member_may_try_another_card_there()
    {
        var e = Deliver(Event("payment_intent.payment_failed",
            StripeJson.PaymentIntent("requires_payment_method", lastPaymentError: "Your card was declined.", purpose: "checkout")));

        Assert.Null(e);
    }

    [Fact]
    public void An_event_type_Plus_does_not_use_is_ignored()
    {
        var customer = $$"""{ "id": "{{StripeJson.CustomerId}}", "object": "customer", "email": "ada@example.com", "metadata": {} }""";

        Assert.Null(Deliver(Event("customer.created", customer)));
    }

    [Fact]
    public void An_event_of_an_older_API_version_is_still_read()
    {
        var e = Deliver(Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"), apiVersion: "2024-06-20"));

        Assert.Equal(PaymentEventKind.PaymentSucceeded, e?.Kind);
    }

    [Fact]
    public void The_signature_header_is_found_whatever_its_case()
    {
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));

        var e = Webhook().Parse(payload, Signed(payload, header: "stripe-signature"));

        Assert.Equal(PaymentEventKind.PaymentSucceeded, e?.Kind);
    }

    [Fact]
    public void A_tampered_body_is_rejected()
    {
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));
        var headers = Signed(payload);

        var rejected = Assert.Throws<WebhookRejectedException>(() => Webhook().Parse(payload.Replace("1250", "1", StringComparison.Ordinal), headers));

        Assert.Contains("did not verify", rejected.Message);
    }

    [Fact]
    public void A_body_signed_with_another_secret_is_rejected_without_naming_either_secret()
    {
        const string other = "whsec_someone_else_entirely_0000000000";
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));

        var rejected = Assert.Throws<WebhookRejectedException>(() => Webhook().Parse(payload, Signed(payload, secret: other)));

        Assert.Contains("did not verify", rejected.Message);
        Assert.DoesNotContain(Secret, rejected.Message);
        Assert.DoesNotContain(other, rejected.Message);
    }

    [Fact]
    public void A_delivery_signed_more_than_five_minutes_ago_is_rejected_as_a_replay()
    {
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));

        Assert.Throws<WebhookRejectedException>(() => Webhook().Parse(payload, Signed(payload, at: Now.AddSeconds(-301))));
        Assert.NotNull(Webhook().Parse(payload, Signed(payload, at: Now.AddSeconds(-299))));
    }

    [Fact]
    public void A_delivery_without_a_signature_is_rejected()
    {
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));

        Assert.Throws<WebhookRejectedException>(() => Webhook().Parse(payload, new Dictionary<string, string> { ["Content-Type"] = "application/json" }));
    }

    [Fact]
    public void A_garbled_signature_header_is_rejected_not_thrown_as_an_error()
    {
        var payload = Event("payment_intent.succeeded", StripeJson.PaymentIntent("succeeded"));

        Assert.Throws<WebhookRejectedException>(() => Webhook().Parse(payload, new Dictionary<string, string> { ["Stripe-Signature"] = "t=yesterday,v1" }));
    }

    [Fact]
    public void The_webhook_answers_for_the_stripe_route_segment()
    {
        Assert.Equal("stripe", Webhook().Gateway);
    }
}
