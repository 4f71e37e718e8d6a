using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Loyalty.Web.ScaleOut;

/// <summary>Several app instances over one Redis (<c>SignalR:Redis</c>): SignalR's backplane, the score bus between live boards and member signals.</summary>
public static class RedisScaleOut
{
    /// <summary>Configuration key of the Redis connection; empty means one instance.</summary>
    public const string ConfigurationKey = "SignalR:Redis";

    public static ISignalRServerBuilder AddRedisScaleOut(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        if (configuration[ConfigurationKey] is not { Length: > 0 } redis) return signalR;
        signalR.AddStackExchangeRedis(redis, o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal("loyalty");
            o.Configuration.AbortOnConnectFail = false; // start, and keep serving, while Redis is down; reconnect when it is back
        });
        var services = signalR.Services;
        // The leaderboard hub's own spectators are told in process, so they go on seeing this instance's scores without Redis.
        services.AddSingleton<HubLifetimeManager<Hubs.LeaderboardHub>>(sp => new LocalFirstHubLifetimeManager(
            ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<Hubs.LeaderboardHub>>(sp),
            ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<Hubs.LeaderboardHub>>(sp),
            sp.GetRequiredService<ILogger<LocalFirstHubLifetimeManager>>()));
        services.AddSingleton(sp => new RedisConnection(redis, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton<RedisScoreBus>();
        // Campaign pauses, resumes and edits reach every instance's purchase path at once.
        services.AddSingleton<RedisCampaignChanges>();
        services.Replace(ServiceDescriptor.Singleton<IScoreBus>(sp => sp.GetRequiredService<RedisScoreBus>()));
        // A member's open pages hear about their points and notifications whichever instance committed the change.
        services.TryAddSingleton<LocalMemberSignals>();
        services.AddSingleton<RedisMemberSignals>();
        services.Replace(ServiceDescriptor.Singleton<IMemberSignals>(sp => sp.GetRequiredService<RedisMemberSignals>()));
        // Without Redis the instance still serves (its own spectators, every purchase): Degraded, and /health/ready stays 200.
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded,
            tags: [Data.DataServiceCollectionExtensions.ReadyTag]);
        return signalR;
    }

    /// <summary>Connects and subscribes at start, so no change published meanwhile is missed.</summary>
    public static WebApplication StartRedisScaleOut(this WebApplication app)
    {
        if (app.Services.GetService<RedisScoreBus>() is not { } scores) return app;
        _ = app.Services.GetRequiredService<RedisMemberSignals>(); // subscribed before connecting
        _ = app.Services.GetRequiredService<RedisCampaignChanges>();
        scores.Start();
        return app;
    }
}
