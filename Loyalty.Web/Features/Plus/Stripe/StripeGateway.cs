using System.Globalization;
using Loyalty.Domain;
using Stripe;
using BillingPortal = Stripe.BillingPortal;
using Checkout = Stripe.Checkout;

namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>
/// Plus payments through Stripe (docs/stripe.md): a hosted Checkout Session for the first period that saves the card for
/// off-session use, an off-session PaymentIntent for each renewal, and Stripe's billing portal for the card. Every
/// request carries an idempotency key, so a retry (Stripe.net's or ours) never charges twice.
/// </summary>
public sealed class StripeGateway(IStripeClient stripe, ILogger<StripeGateway> logger) : IPaymentGateway
{
    public const string GatewayName = "stripe";

    /// <summary>The metadata key that says what a payment intent is for: <see cref="CheckoutPurpose"/> or <see cref="RenewalPurpose"/>.</summary>
    public const string PurposeKey = "purpose";
    public const string CheckoutPurpose = "checkout";
    public const string RenewalPurpose = "renewal";

    /// <summary>The metadata key that carries our subscription id on sessions and payment intents.</summary>
    public const string SubscriptionIdKey = "subscription_id";

    public string Name => GatewayName;

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        var amount = StripeAmounts.ToMinorUnits(request.Amount, request.Currency, out var problem)
                     ?? throw problem!;
        var subscriptionId = request.SubscriptionId.ToString(CultureInfo.InvariantCulture);
        var options = new Checkout.SessionCreateOptions
        {
            Mode = "payment",
            LineItems =
            [
                new Checkout.SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new Checkout.SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.Trim().ToLowerInvariant(),
                        UnitAmount = amount,
                        ProductData = new Checkout.SessionLineItemPriceDataProductDataOptions { Name = request.PlanName },
                    },
                },
            ],
            // Cards only: a delayed method (a bank debit) settles days later, after the checkout job has given up on it.
            AllowedPaymentMethodTypes = ["card"],
            // A customer and a card saved for off-session use: renewals charge them without the member present.
            CustomerCreation = "always",
            CustomerEmail = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email,
            PaymentIntentData = new Checkout.SessionPaymentIntentDataOptions
            {
                SetupFutureUsage = "off_session",
                Metadata = new Dictionary<string, string> { [SubscriptionIdKey] = subscriptionId, [PurposeKey] = CheckoutPurpose },
            },
            ClientReferenceId = subscriptionId,
            Metadata = new Dictionary<string, string> { [SubscriptionIdKey] = subscriptionId },
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
        };
        try
        {
            // One session per subscription: a second click (or a retry) gets the same open session back from Stripe.
            var session = await new Checkout.SessionService(stripe)
                .CreateAsync(options, new RequestOptions { IdempotencyKey = $"checkout:{subscriptionId}" }, ct);
            return new CheckoutStart(session.Id, session.Url);
        }
        catch (Exception e) when (IsStripeOrNetwork(e, ct))
        {
            logger.LogWarning(e, "Stripe refused or did not answer the checkout for subscription {SubscriptionId} ({Error})", subscriptionId, Describe(e));
            throw DomainException.Conflict("payments.checkout-unavailable",
                "The payment page could not be opened; nothing was charged. Please try again in a few minutes.");
        }
    }

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        var amount = StripeAmounts.ToMinorUnits(request.Amount, request.Currency, out var problem);
        if (amount is null) return new ChargeResult(ChargeOutcome.Failed, null, problem?.Message);
        var options = new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = request.Currency.Trim().ToLowerInvariant(),
            Customer = request.CustomerRef,
            PaymentMethod = request.PaymentMethodRef,
            Confirm = true,
            OffSession = true,
            Description = request.Description,
            Metadata = new Dictionary<string, string>
            {
                [SubscriptionIdKey] = request.SubscriptionId.ToString(CultureInfo.InvariantCulture), [PurposeKey] = RenewalPurpose,
            },
        };
        try
        {
            var intent = await new PaymentIntentService(stripe)
                .CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
            return intent.Status switch
            {
                "succeeded" => new ChargeResult(ChargeOutcome.Succeeded, intent.Id, null),
                // Some payment methods settle later; payment_intent.succeeded or .payment_failed tells the outcome.
                "processing" => new ChargeResult(ChargeOutcome.Pending, intent.Id, null),
                "requires_payment_method" or "requires_action" => new ChargeResult(ChargeOutcome.Declined, intent.Id,
                    intent.LastPaymentError?.Message ?? "The card needs the member's attention (a new card or their bank's confirmation)."),
                _ => new ChargeResult(ChargeOutcome.Failed, intent.Id, $"Stripe left the payment in status '{intent.Status}'."),
            };
        }
        catch (StripeException e) when (e.StripeError is { } error && (error.Type == "card_error" || error.Code == "authentication_required"))
        {
            // The bank said no, or wants the member to confirm (off session they cannot): a decline, not an outage.
            logger.LogInformation("Stripe declined the renewal of subscription {SubscriptionId}: {Code} {DeclineCode}",
                request.SubscriptionId, error.Code, error.DeclineCode);
            return new ChargeResult(ChargeOutcome.Declined, error.PaymentIntent?.Id, error.Message ?? e.Message);
        }
        catch (StripeException e) when ((int)e.HttpStatusCode is >= 400 and < 500 and not 409 and not 429)
        {
            // Refused before anything was charged (a bad request, a missing customer): a failure, retried as a new attempt.
            logger.LogWarning(e, "Stripe refused the renewal of subscription {SubscriptionId} ({Error})", request.SubscriptionId, Describe(e));
            return new ChargeResult(ChargeOutcome.Failed, null, e.StripeError?.Message ?? e.Message);
        }
        catch (Exception e) when (IsStripeOrNetwork(e, ct))
        {
            // No answer, a timeout, a 5xx, 409 or 429: Stripe may have charged. Pending, never a failure (a failure is retried
            // under a new key, which could charge twice): the job asks again with this same key, which gets Stripe's first
            // answer back, or payment_intent.succeeded / .payment_failed settles it.
            logger.LogWarning(e, "Stripe did not answer the renewal of subscription {SubscriptionId} ({Error}); outcome unknown", request.SubscriptionId, Describe(e));
            return new ChargeResult(ChargeOutcome.Pending, null, null);
        }
    }

    public async Task<string?> CustomerPortalUrlAsync(string customerRef, string returnUrl, CancellationToken ct)
    {
        try
        {
            var session = await new BillingPortal.SessionService(stripe)
                .CreateAsync(new BillingPortal.SessionCreateOptions { Customer = customerRef, ReturnUrl = returnUrl }, cancellationToken: ct);
            return session.Url;
        }
        catch (Exception e) when (IsStripeOrNetwork(e, ct))
        {
            logger.LogWarning(e, "Stripe refused or did not answer the billing portal link ({Error})", Describe(e));
            throw DomainException.Conflict("payments.portal-unavailable",
                "The card settings at Stripe could not be opened. Please try again in a few minutes.");
        }
    }

    /// <summary>Stripe's refusal or a request that never got an answer (a timeout is not the caller's cancellation).</summary>
    private static bool IsStripeOrNetwork(Exception e, CancellationToken ct) =>
        e is StripeException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private static string Describe(Exception e) => e is StripeException { StripeError: { } error } s
        ? $"{(int)s.HttpStatusCode} {error.Type} {error.Code}"
        : e.GetType().Name;
}
