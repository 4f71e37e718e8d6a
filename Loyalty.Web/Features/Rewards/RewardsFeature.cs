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
        return services;
    }
}
