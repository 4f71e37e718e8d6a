namespace Loyalty.Domain.Plus;

public enum PaymentKind
{
    Checkout = 1,
    Renewal = 2,
}

public enum PaymentOutcome
{
    /// <summary>Claimed (a renewal before the gateway answered) or waiting for the gateway's webhook.</summary>
    Pending = 1,
    Succeeded = 2,
    Declined = 3,
    Failed = 4,
}

/// <summary>
/// One charge attempt for a subscription: the member's receipt when it succeeded, a failed payment for admins when not.
/// (SubscriptionId, PeriodStart, Attempt) is unique: a renewal is claimed by inserting its row before the gateway is asked, so
/// two runs (or two instances) of the renewal job charge a period's attempt once.
/// </summary>
public sealed class Payment
{
    public const int MaxFailureLength = 500;

    private Payment() { Currency = Gateway = ""; }

    public Payment(long subscriptionId, PaymentKind kind, string gateway, decimal amount, string currency, DateTimeOffset periodStart,
        DateTimeOffset periodEnd, int attempt, DateTimeOffset at)
    {
        (SubscriptionId, Kind, Gateway, Amount, Currency) = (subscriptionId, kind, gateway, amount, currency);
        (PeriodStart, PeriodEnd, Attempt, At, Outcome) = (periodStart, periodEnd, attempt, at, PaymentOutcome.Pending);
    }

    public long Id { get; private set; }
    public long SubscriptionId { get; private set; }
    public PaymentKind Kind { get; private set; }
    public string Gateway { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; }
    public DateTimeOffset At { get; private set; }
    public PaymentOutcome Outcome { get; private set; }
    public string? PaymentRef { get; private set; }

    /// <summary>The period this charge pays for.</summary>
    public DateTimeOffset PeriodStart { get; private set; }

    public DateTimeOffset PeriodEnd { get; private set; }

    /// <summary>1 for the first charge of a period, 2… for retries after a failure.</summary>
    public int Attempt { get; private set; }

    public string? FailureMessage { get; private set; }

    public void Settle(PaymentOutcome outcome, string? paymentRef, string? failure, DateTimeOffset at)
    {
        if (Outcome != PaymentOutcome.Pending)
            throw DomainException.Conflict("plus.payment-settled", $"This payment is already {Outcome.ToString().ToLowerInvariant()}.");
        Outcome = outcome;
        PaymentRef = paymentRef ?? PaymentRef;
        FailureMessage = failure is null ? null : failure.Length > MaxFailureLength ? failure[..MaxFailureLength] : failure;
        At = at;
    }
}
