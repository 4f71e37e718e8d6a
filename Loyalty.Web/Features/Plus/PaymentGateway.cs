namespace Loyalty.Web.Features.Plus;

/// <summary>Takes payments for Plus plans; the app speaks only this, whatever the gateway (docs/plus.md).</summary>
public interface IPaymentGateway
{
    /// <summary>"test" or "stripe": stored with each subscription and payment, and the webhook route's segment.</summary>
    string Name { get; }

    /// <summary>Starts a hosted checkout for the first period; the member's browser is sent to RedirectUrl.</summary>
    Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct);

    /// <summary>
    /// Charges a saved payment method for a renewal, off session. The same IdempotencyKey never charges twice
    /// (the gateway's own idempotency, on top of ours).
    /// </summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct);

    /// <summary>A link where the member manages their card with the gateway, or null when the gateway has none.</summary>
    Task<string?> CustomerPortalUrlAsync(string customerRef, string returnUrl, CancellationToken ct);
}

/// <summary>Turns a gateway's webhook request into a gateway-neutral event; throws <see cref="WebhookRejectedException"/>
/// when the signature does not verify (the endpoint answers 400 and applies nothing). Null: an event type we ignore.</summary>
public interface IPaymentWebhook
{
    string Gateway { get; }
    PaymentEvent? Parse(string body, IReadOnlyDictionary<string, string> headers);
}

public sealed class WebhookRejectedException(string message) : Exception(message);

public sealed record CheckoutRequest(long SubscriptionId, string MemberNumber, string? Email, string PlanName,
    decimal Amount, string Currency, string SuccessUrl, string CancelUrl);

public sealed record CheckoutStart(string SessionRef, string RedirectUrl);

public sealed record ChargeRequest(long SubscriptionId, string CustomerRef, string PaymentMethodRef, decimal Amount,
    string Currency, string IdempotencyKey, string Description);

public enum ChargeOutcome { Succeeded, Declined, Failed, Pending }

public sealed record ChargeResult(ChargeOutcome Outcome, string? PaymentRef, string? FailureMessage);

public enum PaymentEventKind { CheckoutCompleted, CheckoutExpired, PaymentSucceeded, PaymentFailed }

/// <summary>
/// One webhook event, gateway-neutral. EventId is the gateway's event id (applied at most once). SubscriptionId is ours,
/// carried in the gateway's metadata ("subscription_id"). Amount in major units (12.50), Currency upper case ISO 4217.
/// </summary>
public sealed record PaymentEvent(string EventId, PaymentEventKind Kind, long? SubscriptionId, string? SessionRef,
    string? CustomerRef, string? PaymentMethodRef, string? PaymentRef, decimal? Amount, string? Currency, string? FailureMessage);
