namespace Loyalty.Web.Features.Plus;

public enum PaymentGatewayKind
{
    Test = 1,
    Stripe = 2,
}

/// <summary>The <c>Payments</c> section: which gateway takes Plus payments (README, "Configuration").</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Test (default: the in-app test checkout, never in Production unless allowed) or Stripe.</summary>
    public PaymentGatewayKind Gateway { get; set; } = PaymentGatewayKind.Test;

    /// <summary>Lets the test gateway run in Production (a staging site); off by default, so a real program never takes fake payments.</summary>
    public bool AllowTestGatewayInProduction { get; set; }

    public TestGatewayOptions Test { get; set; } = new();
}

public sealed class TestGatewayOptions
{
    /// <summary>The HMAC-SHA256 key the test gateway signs its webhook events with.</summary>
    public string WebhookSecret { get; set; } = "test-gateway-webhook-secret";
}

/// <summary>The <c>Plus</c> section: renewals and their retries (docs/plus.md, "Renewals").</summary>
public sealed class PlusOptions
{
    public const string Section = "Plus";

    /// <summary>Hours between a failed renewal charge and its retry.</summary>
    public int RetryHours { get; set; } = 24;

    /// <summary>Retries after the first failed renewal charge before the subscription expires.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Days after the period's end that a past-due member keeps their benefits while the charge is retried.</summary>
    public int GraceDays { get; set; } = 7;

    /// <summary>A checkout nobody finished is abandoned after this many hours (gateways expire theirs within a day).</summary>
    public int CheckoutExpiryHours { get; set; } = 24;

    /// <summary>How often the renewal job runs, in minutes (at most a day; 0 = off).</summary>
    public int IntervalMinutes { get; set; } = 15;
}
