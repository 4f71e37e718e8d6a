using Loyalty.Web.Features.Analytics;

namespace Loyalty.Web.Features.Rewards;

/// <summary>The reward catalog, redemptions and vouchers.</summary>
public static class RewardsFeature
{
    public static IServiceCollection AddRewardsFeature(this IServiceCollection services)
    {
        services.AddSingleton<RewardStockNotifier>();
        services.AddSingleton<RewardImages>();
        services.AddSingleton<GetMemberCatalog>();
        services.AddSingleton<GetMyRedemptions>();
        services.AddSingleton<RedeemReward>();
        services.AddSingleton<ManageRewards>();
        services.AddSingleton<ManageRedemptions>();
        // The analytics page's rewards (docs/campaigns.md): its query and its two CSV tables.
        services.AddSingleton<GetRewardAnalytics>();
        services.AddKeyedScoped<IAnalyticsTableSource, TopRewardsTable>(TopRewardsTable.Name);
        services.AddKeyedScoped<IAnalyticsTableSource, StockOutsTable>(StockOutsTable.Name);
        return services;
    }
}
