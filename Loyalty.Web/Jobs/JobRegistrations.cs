using Loyalty.Web.Data.Writing;

namespace Loyalty.Web.Jobs;

/// <summary>Every background service of the app, registered in this one place (docs/architecture.md, "Jobs").</summary>
public static class JobRegistrations
{
    public static IServiceCollection AddLoyaltyJobs(this IServiceCollection services)
    {
        // The ledger writer's group-commit loop (the write pipeline itself lives in Data/Writing).
        services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddHostedService<PointsMaintenanceService>();
        services.AddHostedService<ReferralSettlementService>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService<PlusRenewalService>();
        services.AddHostedService<SegmentRefreshService>();
        services.AddHostedService<OfferGoLiveWatcher>();
        services.AddHostedService<CampaignBudgetWatcher>();
        services.AddHostedService<AnalyticsMeasurementsJob>();
        services.AddSingleton<LeaderboardBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardBroadcaster>());
        services.AddSingleton<TournamentClock>();
        services.AddHostedService(sp => sp.GetRequiredService<TournamentClock>());
        services.AddHostedService<DemoActivitySimulator>();
        services.AddHostedService<MailDispatcher>(); // does nothing unless Mail:Smtp:Host is set
        services.AddHostedService<NotificationProjector>();
        services.AddHostedService<NotificationMailer>();
        services.AddHostedService<NotificationReminders>();
        services.AddHostedService<OvertakeNotifier>();
        services.AddHostedService<AnalyticsRollupJob>();
        return services;
    }
}
