using Loyalty.Web.Features.Analytics;

namespace Loyalty.Web.Features.Offers;

/// <summary>Exclusive offers: management, reach, what a member sees and activates, offers near them.</summary>
public static class OffersFeature
{
    public static IServiceCollection AddOffersFeature(this IServiceCollection services)
    {
        services.AddSingleton<OfferNotifier>();
        services.AddSingleton<OfferImages>();
        services.AddSingleton<ManageOffers>();
        services.AddSingleton<PreviewOfferReach>();
        services.AddSingleton<GetMemberOffers>();
        services.AddSingleton<ActivateOffer>();
        services.AddSingleton<GetNearbyOffers>();
        services.AddSingleton<GetTargetingChoices>();
        services.AddSingleton<GetOfferAnalytics>();
        services.AddKeyedScoped<IAnalyticsTableSource, OfferUseTable>(OfferUseTable.Name);
        return services;
    }
}
