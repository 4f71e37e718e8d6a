using Loyalty.Domain;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Plus;

/// <summary>
/// The gateway chosen by <c>Payments:Gateway</c>, and the gateways and webhooks by name (keyed services, one per gateway). The
/// test gateway answers only outside Production, or when <c>Payments:AllowTestGatewayInProduction</c> says so.
/// </summary>
public sealed class PaymentGateways(IServiceProvider services, IOptions<PaymentsOptions> options, IHostEnvironment environment)
{
    public const string TestName = "test";
    public const string StripeName = "stripe";

    public bool TestGatewayAllowed => !environment.IsProduction() || options.Value.AllowTestGatewayInProduction;

    /// <summary>The configured gateway's name ("test" or "stripe").</summary>
    public string ConfiguredName => options.Value.Gateway == PaymentGatewayKind.Stripe ? StripeName : TestName;

    /// <summary>Whether new checkouts can be taken (a test gateway in Production without the allowance cannot).</summary>
    public bool IsAvailable => Find(ConfiguredName) is not null;

    /// <summary>The gateway new checkouts go to; refused when none may take payments here.</summary>
    public IPaymentGateway Current => Find(ConfiguredName) ?? throw DomainException.Conflict("plus.no-gateway",
        "Plus payments are not set up here: an admin sets Payments:Gateway (the test gateway does not run in Production).");

    /// <summary>The gateway a subscription was bought through (its renewals are charged there).</summary>
    public IPaymentGateway? Find(string name) =>
        name == TestName && !TestGatewayAllowed ? null : services.GetKeyedService<IPaymentGateway>(name);

    public IPaymentWebhook? Webhook(string name) =>
        name == TestName && !TestGatewayAllowed ? null : services.GetKeyedService<IPaymentWebhook>(name);
}
