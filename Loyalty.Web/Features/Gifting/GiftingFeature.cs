namespace Loyalty.Web.Features.Gifting;

/// <summary>Gifting points: a member gives available points to another, keeping their expiry, within the program's limits.</summary>
public static class GiftingFeature
{
    public static IServiceCollection AddGiftingFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GiftingOptions>().Bind(configuration.GetSection(GiftingOptions.Section));
        services.AddSingleton<GiftLookupLimiter>();
        services.AddSingleton<ManageGiftTerms>();
        services.AddSingleton<FindGiftRecipient>();
        services.AddSingleton<GivePoints>();
        services.AddSingleton<GetGiftAllowance>();
        return services;
    }
}
