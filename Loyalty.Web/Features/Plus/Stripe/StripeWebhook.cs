using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Stripe;
using Checkout = Stripe.Checkout;

namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>
/// Stripe's webhook (<c>/api/v1/payments/webhooks/stripe</c>): the Stripe-Signature header is verified against the endpoint's
/// signing secret (HMAC-SHA256 over "{t}.{body}", at most five minutes old) before anything is read, and the events Plus
/// needs become gateway-neutral <see cref="PaymentEvent"/>s (docs/stripe.md lists which to enable).
/// </summary>
public sealed class StripeWebhook(IOptions<StripeOptions> options, TimeProvider time) : IPaymentWebhook
{
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>How old a signed delivery may be, in seconds (Stripe's default; replays of old deliveries are refused).</summary>
    public const long ToleranceSeconds = 300;

    public string Gateway => StripeGateway.GatewayName;

    public PaymentEvent? Parse(string body, IReadOnlyDictionary<string, string> headers)
    {
        var signature = headers.FirstOrDefault(h => string.Equals(h.Key, SignatureHeader, StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrWhiteSpace(signature))
            throw new WebhookRejectedException("The request has no Stripe-Signature header, so it cannot be from Stripe.");
        Event stripeEvent;
        try
        {
            // API-version mismatches are tolerated: the fields read below have kept their shape across versions.
            stripeEvent = EventUtility.ConstructEvent(body, signature, options.Value.WebhookSecret, ToleranceSeconds,
                time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or FormatException or OverflowException or ArgumentException)
        {
            // Stripe.net's reason (wrong secret, tampered body, too old) without the header or the secret.
            throw new WebhookRejectedException($"The Stripe-Signature did not verify: {e.Message}");
        }
        catch (JsonException)
        {
            throw new WebhookRejectedException("The signed body is not a Stripe event.");
        }
        return Map(stripeEvent);
    }

    private static PaymentEvent? Map(Event e) => (e.Type, e.Data?.Object) switch
    {
        // Paid at once (cards); with a delayed method the session completes unpaid and async_payment_succeeded follows.
        ("checkout.session.completed", Checkout.Session { PaymentStatus: "paid" } s) => FromSession(e, PaymentEventKind.CheckoutCompleted, s, null),
        ("checkout.session.async_payment_succeeded", Checkout.Session s) => FromSession(e, PaymentEventKind.CheckoutCompleted, s, null),
        ("checkout.session.expired", Checkout.Session s) => FromSession(e, PaymentEventKind.CheckoutExpired, s, null),
        ("checkout.session.async_payment_failed", Checkout.Session s) =>
            FromSession(e, PaymentEventKind.PaymentFailed, s, "The payment for the checkout did not go through."),
        ("payment_intent.succeeded", PaymentIntent p) => FromIntent(e, PaymentEventKind.PaymentSucceeded, p, null),
        // A card refused on Stripe's checkout page is not the checkout's end: the member may try another card there. The session's
        // own end (completed, expired, async payment failed) decides.
        ("payment_intent.payment_failed", PaymentIntent p) when p.Metadata?.GetValueOrDefault(StripeGateway.PurposeKey) == StripeGateway.CheckoutPurpose => null,
        ("payment_intent.payment_failed", PaymentIntent p) =>
            FromIntent(e, PaymentEventKind.PaymentFailed, p, p.LastPaymentError?.Message ?? "The payment did not go through."),
        _ => null,
    };

    /// <summary>
    /// A session names its customer and payment intent but not the saved payment method (a webhook payload is never expanded):
    /// the payment_intent.succeeded event of the same payment carries it, with the subscription id in its metadata.
    /// </summary>
    private static PaymentEvent FromSession(Event e, PaymentEventKind kind, Checkout.Session s, string? failure) =>
        new(e.Id, kind, SubscriptionId(s.Metadata) ?? ParseId(s.ClientReferenceId), s.Id, s.CustomerId, null, s.PaymentIntentId,
            s.AmountTotal is { } total && s.Currency is { } currency ? StripeAmounts.FromMinorUnits(total, currency) : null,
            s.Currency?.ToUpperInvariant(), failure);

    private static PaymentEvent FromIntent(Event e, PaymentEventKind kind, PaymentIntent p, string? failure) =>
        new(e.Id, kind, SubscriptionId(p.Metadata), null, p.CustomerId, p.PaymentMethodId, p.Id,
            p.Currency is { } currency ? StripeAmounts.FromMinorUnits(kind == PaymentEventKind.PaymentSucceeded ? p.AmountReceived : p.Amount, currency) : null,
            p.Currency?.ToUpperInvariant(), failure);

    private static long? SubscriptionId(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(StripeGateway.SubscriptionIdKey, out var id) ? ParseId(id) : null;

    private static long? ParseId(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
