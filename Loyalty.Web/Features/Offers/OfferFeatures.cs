namespace Loyalty.Web.Features.Offers;

public static class OfferFeatures
{
    public static IServiceCollection AddOfferFeatures(this IServiceCollection services)
    {
        services.AddSingleton<OfferNotifier>();
        services.AddSingleton<OfferImages>();
        services.AddSingleton<ManageOffers>();
        services.AddSingleton<PreviewOfferReach>();
        services.AddSingleton<GetMemberOffers>();
        services.AddSingleton<ActivateOffer>();
        services.AddSingleton<GetNearbyOffers>();
        services.AddHostedService<OfferGoLiveWatcher>();
        return services;
    }
}
