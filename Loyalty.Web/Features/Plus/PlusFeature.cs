namespace Loyalty.Web.Features.Plus;

/// <summary>
/// Plus (README, feature list; docs/plus.md): paid plans with an earn multiplier, checkout and renewals through a payment gateway
/// chosen by <c>Payments:Gateway</c> (Test, the default, or Stripe), webhooks applied at most once.
/// </summary>
public static class PlusFeature
{
    public static IServiceCollection AddPlusFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section))
            .Validate(o => Enum.IsDefined(o.Gateway), "Payments:Gateway must be Test or Stripe.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Test.WebhookSecret), "Payments:Test:WebhookSecret must not be empty.")
            .ValidateOnStart();
        services.AddOptions<PlusOptions>().Bind(configuration.GetSection(PlusOptions.Section))
            .Validate(o => o.RetryHours > 0, "Plus:RetryHours must be above 0.")
            .Validate(o => o.MaxRetries >= 0, "Plus:MaxRetries cannot be negative.")
            .Validate(o => o.GraceDays >= 0, "Plus:GraceDays cannot be negative.")
            .Validate(o => o.CheckoutExpiryHours > 0, "Plus:CheckoutExpiryHours must be above 0.")
            .ValidateOnStart();

        // Every gateway is a keyed service under its name; PaymentGateways picks the configured one (and keeps the test
        // gateway out of Production unless Payments:AllowTestGatewayInProduction).
        services.AddSingleton<TestPaymentGateway>();
        services.AddSingleton<TestPaymentWebhook>();
        services.AddKeyedSingleton<IPaymentGateway>(PaymentGateways.TestName, (sp, _) => sp.GetRequiredService<TestPaymentGateway>());
        services.AddKeyedSingleton<IPaymentWebhook>(PaymentGateways.TestName, (sp, _) => sp.GetRequiredService<TestPaymentWebhook>());
        AddStripeGateway(services, configuration);
        services.AddSingleton<PaymentGateways>();

        services.AddSingleton<ManagePlans>();
        services.AddSingleton<StartCheckout>();
        services.AddSingleton<ApplyPaymentEvent>();
        services.AddSingleton<ReceiveWebhook>();
        services.AddSingleton<TestGatewayEvents>();
        services.AddSingleton<CancelSubscription>();
        services.AddSingleton<RenewSubscriptions>();
        services.AddSingleton<GetMyPlus>();
        services.AddSingleton<GetPlusOverview>();
        return services;
    }

    /// <summary>
    /// The Stripe gateway (Features/Plus/Stripe, docs/stripe.md) when it is the chosen one or has settings (subscriptions bought
    /// through it keep renewing and receiving webhooks after the choice moved on). Chosen without settings: the start stops
    /// with the missing setting's name.
    /// </summary>
    private static void AddStripeGateway(IServiceCollection services, IConfiguration configuration)
    {
        var chosen = configuration.GetSection(PaymentsOptions.Section).GetValue<PaymentGatewayKind?>(nameof(PaymentsOptions.Gateway)) == PaymentGatewayKind.Stripe;
        if (chosen || Stripe.StripeOptions.IsConfiguredIn(configuration)) Stripe.StripeRegistration.AddStripeGateway(services, configuration);
    }
}
