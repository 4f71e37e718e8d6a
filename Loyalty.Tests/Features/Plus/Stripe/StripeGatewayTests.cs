using System.Net;
using Loyalty.Domain;
using Loyalty.Web.Features.Plus;
using Loyalty.Web.Features.Plus.Stripe;

namespace Loyalty.Tests.Features.Plus.Stripe;

/// <summary>The requests StripeGateway sends (checked field by field against Stripe's API reference) and how it reads the answers.</summary>
public sealed class StripeGatewayTests
{
    private static CheckoutRequest Checkout(decimal amount = 12.50m, string currency = "EUR", string? email = "ada@example.com") =>
        new(42, "M-0042", email, "Plus Gold", amount, currency, "https://loyalty.example/plus?checkout=done", "https://loyalty.example/plus?checkout=cancelled");

    private static ChargeRequest Renewal(decimal amount = 12.50m, string currency = "EUR") =>
        new(42, StripeJson.CustomerId, StripeJson.PaymentMethodId, amount, currency, "renewal:42:2027-01", "Plus Gold, renewal");

    [Fact]
    public async Task A_checkout_creates_a_payment_mode_session_for_one_plan_priced_in_minor_units()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        var start = await stripe.Gateway().StartCheckoutAsync(Checkout(), CancellationToken.None);

        Assert.Equal(new CheckoutStart(StripeJson.SessionId, StripeJson.SessionUrl), start);
        var sent = stripe.Single();
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.stripe.com/v1/checkout/sessions", sent.Uri.ToString());
        Assert.Equal($"Bearer {FakeStripeApi.SecretKey}", sent.Headers["Authorization"]);
        Assert.StartsWith("application/x-www-form-urlencoded", sent.Headers["Content-Type"]);
        Assert.Equal("payment", sent.Field("mode"));
        Assert.Equal("1", sent.Field("line_items[0][quantity]"));
        Assert.Equal("1250", sent.Field("line_items[0][price_data][unit_amount]"));
        Assert.Equal("eur", sent.Field("line_items[0][price_data][currency]"));
        Assert.Equal("Plus Gold", sent.Field("line_items[0][price_data][product_data][name]"));
        Assert.Equal("https://loyalty.example/plus?checkout=done", sent.Field("success_url"));
        Assert.Equal("https://loyalty.example/plus?checkout=cancelled", sent.Field("cancel_url"));
        Assert.Equal("ada@example.com", sent.Field("customer_email"));
    }

    [Fact]
    public async Task A_checkout_creates_a_customer_and_saves_the_card_for_renewals_off_session()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        await stripe.Gateway().StartCheckoutAsync(Checkout(), CancellationToken.None);

        var sent = stripe.Single();
        Assert.Equal("always", sent.Field("customer_creation"));
        Assert.Equal("off_session", sent.Field("payment_intent_data[setup_future_usage]"));
    }

    [Fact]
    public async Task A_checkout_carries_our_subscription_id_on_the_session_and_on_its_payment_intent()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        await stripe.Gateway().StartCheckoutAsync(Checkout(), CancellationToken.None);

        var sent = stripe.Single();
        Assert.Equal("42", sent.Field("client_reference_id"));
        Assert.Equal("42", sent.Field("metadata[subscription_id]"));
        Assert.Equal("42", sent.Field("payment_intent_data[metadata][subscription_id]"));
        Assert.Equal("checkout", sent.Field("payment_intent_data[metadata][purpose]"));
        Assert.Equal("card", sent.Field("allowed_payment_method_types[0]"));
    }

    [Fact]
    public async Task A_checkout_is_idempotent_per_subscription_so_a_second_click_gets_the_same_session()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession()).Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());
        var gateway = stripe.Gateway();

        await gateway.StartCheckoutAsync(Checkout(), CancellationToken.None);
        await gateway.StartCheckoutAsync(Checkout(), CancellationToken.None);

        Assert.All(stripe.Requests, r => Assert.Equal("checkout:42", r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task A_checkout_without_a_known_email_lets_Stripe_ask_for_it()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        await stripe.Gateway().StartCheckoutAsync(Checkout(email: null), CancellationToken.None);

        Assert.DoesNotContain("customer_email", stripe.Single().Form.Keys);
    }

    [Theory]
    [InlineData("EUR", "12.50", "1250", "eur")]
    [InlineData("usd", "9.99", "999", "usd")]
    [InlineData("JPY", "500", "500", "jpy")]
    [InlineData("KRW", "12000", "12000", "krw")]
    [InlineData("KWD", "5.120", "5120", "kwd")]
    [InlineData("ISK", "1500", "150000", "isk")]
    public async Task The_price_is_sent_in_the_currency_s_minor_unit_with_the_code_in_lower_case(string currency, string amount, string unitAmount, string sentCurrency)
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        await stripe.Gateway().StartCheckoutAsync(Checkout(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency), CancellationToken.None);

        Assert.Equal(unitAmount, stripe.Single().Field("line_items[0][price_data][unit_amount]"));
        Assert.Equal(sentCurrency, stripe.Single().Field("line_items[0][price_data][currency]"));
    }

    [Theory]
    [InlineData("IRR", "450000", "Stripe does not take payments in IRR")]
    [InlineData("JPY", "500.50", "whole units only")]
    [InlineData("EUR", "12.505", "at most two decimals")]
    [InlineData("KWD", "5.125", "at most two decimals")]
    [InlineData("ISK", "1500.50", "whole units only")]
    [InlineData("EUR", "0", "above zero")]
    public async Task A_price_Stripe_cannot_charge_is_refused_before_anything_is_sent(string currency, string amount, string because)
    {
        var stripe = new FakeStripeApi();

        var refused = await Assert.ThrowsAsync<DomainException>(() => stripe.Gateway()
            .StartCheckoutAsync(Checkout(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency), CancellationToken.None));

        Assert.Equal("payments.currency-unsupported", refused.Code);
        Assert.Equal("currency", refused.Field);
        Assert.Contains(because, refused.Message);
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task A_checkout_Stripe_refuses_is_a_refusal_that_says_nothing_was_charged()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.BadRequest,
            StripeJson.Error("invalid_request_error", "parameter_invalid_empty", "You passed an empty string for 'line_items[0][price_data][product_data][name]'."));

        var refused = await Assert.ThrowsAsync<DomainException>(() => stripe.Gateway().StartCheckoutAsync(Checkout(), CancellationToken.None));

        Assert.Equal("payments.checkout-unavailable", refused.Code);
        Assert.Contains("nothing was charged", refused.Message);
    }

    [Fact]
    public async Task A_renewal_confirms_an_off_session_payment_intent_on_the_saved_card_with_the_renewal_s_idempotency_key()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("succeeded"));

        await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        var sent = stripe.Single();
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.stripe.com/v1/payment_intents", sent.Uri.ToString());
        Assert.Equal($"Bearer {FakeStripeApi.SecretKey}", sent.Headers["Authorization"]);
        Assert.Equal("renewal:42:2027-01", sent.Headers["Idempotency-Key"]);
        Assert.Equal("1250", sent.Field("amount"));
        Assert.Equal("eur", sent.Field("currency"));
        Assert.Equal(StripeJson.CustomerId, sent.Field("customer"));
        Assert.Equal(StripeJson.PaymentMethodId, sent.Field("payment_method"));
        Assert.Equal("true", sent.Field("confirm"));
        Assert.Equal("true", sent.Field("off_session"));
        Assert.Equal("Plus Gold, renewal", sent.Field("description"));
        Assert.Equal("42", sent.Field("metadata[subscription_id]"));
        Assert.Equal("renewal", sent.Field("metadata[purpose]"));
    }

    [Fact]
    public async Task A_renewal_in_a_zero_decimal_currency_is_charged_in_whole_units()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("succeeded", 1200, "jpy"));

        await stripe.Gateway().ChargeAsync(Renewal(1200m, "JPY"), CancellationToken.None);

        Assert.Equal("1200", stripe.Single().Field("amount"));
    }

    [Fact]
    public async Task A_succeeded_payment_intent_is_a_successful_charge_with_its_id()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("succeeded"));

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Succeeded, StripeJson.PaymentIntentId, null), result);
    }

    [Fact]
    public async Task A_processing_payment_intent_is_pending_until_its_webhook()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("processing"));

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Pending, StripeJson.PaymentIntentId, null), result);
    }

    [Fact]
    public async Task A_card_error_is_a_decline_that_keeps_Stripe_s_message()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.PaymentRequired, StripeJson.CardDeclined);

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Declined, null, "Your card was declined."), result);
    }

    [Fact]
    public async Task A_card_that_needs_the_member_to_authenticate_is_declined_off_session_and_names_the_payment_intent()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.PaymentRequired, StripeJson.Error("card_error", "authentication_required",
            "Your card was declined. This transaction requires authentication.", StripeJson.PaymentIntent("requires_payment_method")));

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Declined, StripeJson.PaymentIntentId,
            "Your card was declined. This transaction requires authentication."), result);
    }

    [Fact]
    public async Task A_payment_intent_left_needing_a_new_card_is_a_decline()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("requires_payment_method", lastPaymentError: "Your card has insufficient funds."));

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Declined, StripeJson.PaymentIntentId, "Your card has insufficient funds."), result);
    }

    [Fact]
    public async Task A_Stripe_server_error_leaves_the_outcome_unknown_pending_never_a_failure_retried_under_a_new_key()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.InternalServerError,
            StripeJson.Error("api_error", "", "An unknown error occurred"), ("Stripe-Should-Retry", "false"));

        var result = await stripe.Gateway(retries: 2).ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(ChargeOutcome.Pending, result.Outcome);
        Assert.Null(result.PaymentRef);
        Assert.Single(stripe.Requests);
    }

    [Fact]
    public async Task A_request_without_an_answer_is_pending_because_Stripe_may_have_charged()
    {
        var stripe = new FakeStripeApi().FailOnTheNetwork();

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Pending, null, null), result);
    }

    [Fact]
    public async Task A_bad_request_refused_by_Stripe_is_a_failure_because_nothing_was_charged()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.BadRequest, StripeJson.Error("invalid_request_error", "resource_missing", "No such customer: 'cus_x'"));

        var result = await stripe.Gateway().ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(new ChargeResult(ChargeOutcome.Failed, null, "No such customer: 'cus_x'"), result);
    }

    [Fact]
    public async Task A_retried_renewal_sends_the_same_idempotency_key_so_Stripe_charges_once()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.InternalServerError, StripeJson.Error("api_error", "", "An unknown error occurred"))
            .Answer(HttpStatusCode.OK, StripeJson.PaymentIntent("succeeded"));

        var result = await stripe.Gateway(retries: 1).ChargeAsync(Renewal(), CancellationToken.None);

        Assert.Equal(ChargeOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, stripe.Requests.Count);
        Assert.All(stripe.Requests, r => Assert.Equal("renewal:42:2027-01", r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task A_renewal_in_a_currency_Stripe_does_not_take_fails_without_a_request()
    {
        var stripe = new FakeStripeApi();

        var result = await stripe.Gateway().ChargeAsync(Renewal(450000m, "IRR"), CancellationToken.None);

        Assert.Equal(ChargeOutcome.Failed, result.Outcome);
        Assert.Contains("Stripe does not take payments in IRR", result.FailureMessage);
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task The_card_link_is_a_billing_portal_session_for_the_customer_that_returns_to_the_app()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PortalSession(StripeJson.CustomerId));

        var url = await stripe.Gateway().CustomerPortalUrlAsync(StripeJson.CustomerId, "https://loyalty.example/plus", CancellationToken.None);

        Assert.Equal("https://billing.stripe.com/p/session/test_YWNjdF8xRmFrZQ", url);
        var sent = stripe.Single();
        Assert.Equal("https://api.stripe.com/v1/billing_portal/sessions", sent.Uri.ToString());
        Assert.Equal(StripeJson.CustomerId, sent.Field("customer"));
        Assert.Equal("https://loyalty.example/plus", sent.Field("return_url"));
    }

    [Fact]
    public async Task A_card_link_Stripe_refuses_is_a_refusal_not_an_error_page()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.BadRequest, StripeJson.Error("invalid_request_error", "",
            "You can't create a portal session in test mode until you save your customer portal settings in test mode."));

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            stripe.Gateway().CustomerPortalUrlAsync(StripeJson.CustomerId, "https://loyalty.example/plus", CancellationToken.None));

        Assert.Equal("payments.portal-unavailable", refused.Code);
    }

    [Fact]
    public async Task A_checkout_that_never_reaches_Stripe_is_a_refusal_too()
    {
        var stripe = new FakeStripeApi().FailOnTheNetwork();

        var refused = await Assert.ThrowsAsync<DomainException>(() => stripe.Gateway().StartCheckoutAsync(Checkout(), CancellationToken.None));

        Assert.Equal("payments.checkout-unavailable", refused.Code);
    }

    [Fact]
    public async Task A_configured_api_base_receives_the_requests_instead_of_Stripe()
    {
        var stripe = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.CheckoutSession());

        await stripe.Gateway(apiBase: "http://localhost:12111/").StartCheckoutAsync(Checkout(), CancellationToken.None);

        Assert.Equal("http://localhost:12111/v1/checkout/sessions", stripe.Single().Uri.ToString());
    }

    [Fact]
    public void The_gateway_is_named_stripe()
    {
        Assert.Equal("stripe", new FakeStripeApi().Gateway().Name);
    }
}
