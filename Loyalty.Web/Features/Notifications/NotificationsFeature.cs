using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// The notification centre (DESIGN.md §9): notifications stored once per subject (<see cref="Notifier"/>) and member signals
/// that move a member's open pages (<see cref="IMemberSignals"/>: this instance's, or every instance's over Redis).
/// </summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotificationsFeature(this IServiceCollection services)
    {
        services.TryAddSingleton<LocalMemberSignals>();
        services.TryAddSingleton<IMemberSignals>(sp => sp.GetRequiredService<LocalMemberSignals>());
        services.AddSingleton<Notifier>();
        services.AddSingleton<Data.Writing.ILedgerCommitListener, LedgerChangeSignals>();
        return services;
    }
}
