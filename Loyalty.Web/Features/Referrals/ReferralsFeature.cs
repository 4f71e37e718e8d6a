namespace Loyalty.Web.Features.Referrals;

/// <summary>Referrals (docs/ledger.md §9): personal codes, friends recorded at registration, bonuses once a first purchase matured.</summary>
public static class ReferralsFeature
{
    public static IServiceCollection AddReferralsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ManageReferralTerms>();
        services.AddSingleton<ReferralAtJoin>();
        services.AddSingleton<GetMyReferrals>();
        services.AddSingleton<SettleReferrals>();
        services.AddSingleton<GetReferralReport>();
        return services;
    }
}
