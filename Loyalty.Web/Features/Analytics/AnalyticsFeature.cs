namespace Loyalty.Web.Features.Analytics;

/// <summary>
/// The analytics page's figures (docs/analytics.md): the rollups kept by a job from the ledger and purchases in commit order,
/// the section queries that read only them and small tables, and each table as CSV under its name.
/// </summary>
public static class AnalyticsFeature
{
    public static IServiceCollection AddAnalyticsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section));
        services.AddSingleton<RollUpAnalytics>();
        services.AddSingleton<GetPointsAnalytics>();
        services.AddSingleton<GetMemberAnalytics>();
        services.AddSingleton<GetTierAnalytics>();
        services.AddSingleton<GetAnalyticsChoices>();
        services.AddKeyedScoped<IAnalyticsTableSource>("points", (sp, _) => sp.GetRequiredService<GetPointsAnalytics>());
        services.AddKeyedScoped<IAnalyticsTableSource, MembersTable>("members");
        services.AddKeyedScoped<IAnalyticsTableSource, ActiveMembersTable>("active-members");
        services.AddKeyedScoped<IAnalyticsTableSource, CohortsTable>("cohorts");
        services.AddKeyedScoped<IAnalyticsTableSource, TiersTable>("tiers");
        services.AddKeyedScoped<IAnalyticsTableSource, SegmentsTable>("segments");
        services.AddKeyedScoped<IAnalyticsTableSource, TierMovementsTable>("tier-movements");
        return services;
    }
}
