using Loyalty.Web.Features.Analytics;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>Campaigns: their earning rules, management and reports.</summary>
public static class CampaignsFeature
{
    public static IServiceCollection AddCampaignsFeature(this IServiceCollection services)
    {
        services.AddSingleton<EarningRulesCache>();
        services.AddSingleton<ManageCampaigns>();
        services.AddSingleton<GetCampaignReport>();
        services.AddSingleton<GetCampaignResults>();
        services.AddSingleton<RefreshCampaignResults>();
        services.AddSingleton<GetLiveCampaigns>();
        services.AddSingleton<AlertCampaignBudgets>();
        services.AddKeyedScoped<IAnalyticsTableSource, CampaignResultsTable>(CampaignResultsTable.Name);
        return services;
    }
}
