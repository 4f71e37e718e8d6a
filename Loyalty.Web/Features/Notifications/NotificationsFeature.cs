using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// The notification centre (docs/architecture.md, Notifications): notifications stored once per subject (<see cref="Notifier"/>) and member signals
/// that move a member's open pages (<see cref="IMemberSignals"/>: this instance's, or every instance's over Redis); the
/// inbox and the bell, preferences per kind, e-mails in the member's language with one-click unsubscribe, and the jobs'
/// passes (the ledger projector, the mailer, the daily reminders, the overtakes the leaderboard broadcaster queues).
/// </summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section));
        services.TryAddSingleton<LocalMemberSignals>();
        services.TryAddSingleton<IMemberSignals>(sp => sp.GetRequiredService<LocalMemberSignals>());
        services.AddSingleton<Notifier>();
        services.AddSingleton<Data.Writing.ILedgerCommitListener, LedgerChangeSignals>();
        services.AddSingleton<GetNotifications>();
        services.AddSingleton<CountUnreadNotifications>();
        services.AddSingleton<MarkNotificationsRead>();
        services.AddSingleton<ChooseNotificationChannels>();
        services.AddSingleton<RememberLanguage>();
        services.AddSingleton<UnsubscribeTokens>();
        services.AddSingleton<UnsubscribeFromMail>();
        services.AddSingleton<ProjectLedgerToNotifications>();
        services.AddSingleton<MailNotifications>();
        services.AddSingleton<RemindMembers>();
        services.AddSingleton<AnnounceOffer>();
        services.AddSingleton<NotifyOvertakes>();
        return services;
    }
}
