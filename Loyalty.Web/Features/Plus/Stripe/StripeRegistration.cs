using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Stripe;

namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>
/// Registers the Stripe gateway and webhook beside any other <see cref="IPaymentGateway"/> (each is picked by its Name).
/// Part of the Plus feature, not a feature of its own: <c>PlusFeature.AddPlusFeature</c> calls it when
/// <see cref="StripeOptions.IsConfiguredIn"/> (docs/stripe.md).
/// </summary>
public static class StripeRegistration
{
    public const string HttpClientName = "stripe";

    public static IServiceCollection AddStripeGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StripeOptions>, StripeOptions.Validator>());
        // Stripe's own client waits 80 s for an answer; a charge that slow is answered Failed and retried with its key.
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(80));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<IStripeClient>(sp => StripeClients.Create(
            sp.GetRequiredService<IOptions<StripeOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        // Keyed by name, as every gateway: PaymentGateways finds it for new checkouts, renewals and webhooks.
        services.AddKeyedTransient<IPaymentGateway, StripeGateway>(PaymentGateways.StripeName);
        services.AddKeyedSingleton<IPaymentWebhook, StripeWebhook>(PaymentGateways.StripeName);
        return services;
    }
}
