using System.Net;
using Loyalty.Web.Features.Plus;
using Loyalty.Web.Features.Plus.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Loyalty.Tests.Features.Plus.Stripe;

/// <summary>The Payments:Stripe settings: checked when the app starts, with messages that name the setting and never its value.</summary>
public sealed class StripeRegistrationTests
{
    private const string WebhookSecret = "whsec_test_registration_0123456789";

    private static ServiceProvider Services(Dictionary<string, string?> settings, FakeStripeApi? api = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddStripeGateway(configuration);
        if (api is not null) services.AddHttpClient(StripeRegistration.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => api);
        return services.BuildServiceProvider();
    }

    private static void Start(ServiceProvider provider) => provider.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void Starting_without_the_keys_names_both_settings()
    {
        using var provider = Services(new() { ["Payments:Stripe:ApiBase"] = "" });

        var failed = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains(failed.Failures, f => f.Contains("Payments:Stripe:SecretKey is required", StringComparison.Ordinal));
        Assert.Contains(failed.Failures, f => f.Contains("Payments:Stripe:WebhookSecret is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_publishable_key_in_place_of_the_secret_key_is_named_as_such_without_echoing_it()
    {
        const string publishable = "pk_test_51PublishableKeyValue";
        using var provider = Services(new() { ["Payments:Stripe:SecretKey"] = publishable, ["Payments:Stripe:WebhookSecret"] = WebhookSecret });

        var failed = Assert.Throws<OptionsValidationException>(() => Start(provider));

        var failure = Assert.Single(failed.Failures);
        Assert.Contains("publishable key", failure);
        Assert.DoesNotContain(publishable, failure);
    }

    [Fact]
    public void A_webhook_secret_of_the_wrong_kind_is_refused()
    {
        using var provider = Services(new() { ["Payments:Stripe:SecretKey"] = FakeStripeApi.SecretKey, ["Payments:Stripe:WebhookSecret"] = "sk_test_not_a_signing_secret" });

        var failed = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains("whsec_", Assert.Single(failed.Failures));
    }

    [Fact]
    public void An_api_base_that_is_not_a_web_address_is_refused()
    {
        using var provider = Services(new()
        {
            ["Payments:Stripe:SecretKey"] = FakeStripeApi.SecretKey, ["Payments:Stripe:WebhookSecret"] = WebhookSecret, ["Payments:Stripe:ApiBase"] = "localhost:12111",
        });

        var failed = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains("Payments:Stripe:ApiBase", Assert.Single(failed.Failures));
    }

    [Fact]
    public async Task A_configured_app_has_a_stripe_gateway_that_talks_through_the_named_http_client_and_a_stripe_webhook()
    {
        var api = new FakeStripeApi().Answer(HttpStatusCode.OK, StripeJson.PortalSession(StripeJson.CustomerId));
        using var provider = Services(new()
        {
            ["Payments:Stripe:SecretKey"] = FakeStripeApi.SecretKey, ["Payments:Stripe:WebhookSecret"] = WebhookSecret, ["Payments:Stripe:ApiBase"] = "http://localhost:12111",
        }, api);
        Start(provider);

        var gateway = provider.GetRequiredKeyedService<IPaymentGateway>(PaymentGateways.StripeName);
        Assert.Equal("stripe", gateway.Name);
        await gateway.CustomerPortalUrlAsync(StripeJson.CustomerId, "https://loyalty.example/plus", CancellationToken.None);

        Assert.Equal("http://localhost:12111/v1/billing_portal/sessions", api.Single().Uri.ToString());
        Assert.Equal("stripe", provider.GetRequiredKeyedService<IPaymentWebhook>(PaymentGateways.StripeName).Gateway);
    }

    [Fact]
    public void Stripe_counts_as_configured_only_when_a_Payments_Stripe_setting_has_a_value()
    {
        Assert.False(StripeOptions.IsConfiguredIn(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:Gateway"] = "test" }).Build()));
        Assert.False(StripeOptions.IsConfiguredIn(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:Stripe:SecretKey"] = "" }).Build()));
        Assert.True(StripeOptions.IsConfiguredIn(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:Stripe:SecretKey"] = "sk_test_x" }).Build()));
    }
}
