using Stripe;

namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>The one way a <see cref="StripeClient"/> is built: over a given HttpClient (from the factory, or a test's fake handler).</summary>
public static class StripeClients
{
    public static IStripeClient Create(StripeOptions options, HttpClient httpClient) =>
        new StripeClient(
            options.SecretKey,
            httpClient: new SystemNetHttpClient(httpClient, options.MaxNetworkRetries, enableTelemetry: false),
            apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));
}
