namespace Loyalty.Web.Features.Events;

/// <summary>Activity events reported by integrations.</summary>
public static class EventsFeature
{
    public static IServiceCollection AddEventsFeature(this IServiceCollection services)
    {
        services.AddSingleton<RecordActivityEvent>();
        return services;
    }
}
