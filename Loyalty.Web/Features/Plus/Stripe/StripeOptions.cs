using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Plus.Stripe;

/// <summary>The <c>Payments:Stripe</c> section of appsettings.json (docs/stripe.md). Secrets belong in the environment, not the file.</summary>
public sealed class StripeOptions
{
    public const string Section = "Payments:Stripe";

    /// <summary>The secret API key (<c>sk_live_…</c>, <c>sk_test_…</c>) or a restricted key (<c>rk_…</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>), shown by Stripe when the endpoint is created.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another address for Stripe's API; empty = Stripe's own. For tests and a local mock only.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How often Stripe.net retries a request lost on the network or answered 409/5xx (with the same idempotency key).</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>Whether any Stripe setting has a value: the host registers the gateway then, and validates all of them.</summary>
    public static bool IsConfiguredIn(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Any(s => !string.IsNullOrWhiteSpace(s.Value));

    internal static IEnumerable<string> Validate(StripeOptions o)
    {
        // Messages name the setting and the expected shape, never the value: these are secrets.
        if (string.IsNullOrWhiteSpace(o.SecretKey))
            yield return "Payments:Stripe:SecretKey is required (the secret key from Stripe's dashboard, sk_live_… or sk_test_…).";
        else if (!o.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !o.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            yield return o.SecretKey.StartsWith("pk_", StringComparison.Ordinal)
                ? "Payments:Stripe:SecretKey holds a publishable key (pk_…); the server needs the secret key (sk_…)."
                : "Payments:Stripe:SecretKey does not look like a Stripe secret key (it starts with sk_ or rk_).";
        if (string.IsNullOrWhiteSpace(o.WebhookSecret))
            yield return "Payments:Stripe:WebhookSecret is required (the signing secret of the webhook endpoint, whsec_…): without it no payment is ever confirmed.";
        else if (!o.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
            yield return "Payments:Stripe:WebhookSecret does not look like a webhook signing secret (it starts with whsec_).";
        if (!string.IsNullOrWhiteSpace(o.ApiBase)
            && !(Uri.TryCreate(o.ApiBase, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            yield return $"Payments:Stripe:ApiBase '{o.ApiBase}' is not an http(s) address; leave it empty for Stripe's own.";
        if (o.MaxNetworkRetries is < 0 or > 5)
            yield return $"Payments:Stripe:MaxNetworkRetries must be between 0 and 5, not {o.MaxNetworkRetries}.";
    }

    internal sealed class Validator : IValidateOptions<StripeOptions>
    {
        public ValidateOptionsResult Validate(string? name, StripeOptions options)
        {
            var errors = StripeOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
