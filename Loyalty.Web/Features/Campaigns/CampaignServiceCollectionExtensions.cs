namespace Loyalty.Web.Features.Campaigns;

public static class CampaignServiceCollectionExtensions
{
    public static IServiceCollection AddCampaignFeatures(this IServiceCollection services)
    {
        services.AddSingleton<EarningRulesCache>();
        services.AddSingleton<ManageCampaigns>();
        services.AddSingleton<GetCampaignReport>();
        return services;
    }
}
