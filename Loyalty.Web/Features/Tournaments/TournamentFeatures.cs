using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using StackExchange.Redis;

namespace Loyalty.Web.Features.Tournaments;

public static class TournamentFeatures
{
    /// <summary>Configuration key of the Redis connection that scales SignalR (and the live boards) out over instances.</summary>
    public const string RedisKey = "SignalR:Redis";

    public static IServiceCollection AddTournamentFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TournamentOptions>().Bind(configuration.GetSection(TournamentOptions.Section));
        services.AddSingleton<LeaderboardRegistry>();
        services.AddSingleton<LiveTournamentsCache>();
        services.AddSingleton<ManageTournaments>();
        services.AddSingleton<MemberTournaments>();
        services.AddSingleton<FinalizeTournament>();
        services.AddSingleton<TournamentImages>();
        services.AddSingleton<LeaderboardBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaderboardBroadcaster>());
        services.AddSingleton<TournamentClock>();
        services.AddHostedService(sp => sp.GetRequiredService<TournamentClock>());
        services.AddHostedService<DemoActivitySimulator>();

        var signalR = services.AddSignalR();
        if (configuration[RedisKey] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("loyalty"));
            services.AddSingleton<RedisScoreBus>(sp => new RedisScoreBus(sp.GetRequiredService<LeaderboardRegistry>(), redis,
                sp.GetRequiredService<ILogger<RedisScoreBus>>()));
            services.AddSingleton<IScoreBus>(sp => sp.GetRequiredService<RedisScoreBus>());
        }
        else
        {
            services.AddSingleton<IScoreBus, LocalScoreBus>();
        }
        return services;
    }

    public static WebApplication MapTournamentEndpoints(this WebApplication app)
    {
        app.Services.GetService<RedisScoreBus>()?.Start();
        // Spectators only ever receive small messages: keep each connection's buffers small, so thousands cost little.
        app.MapHub<LeaderboardHub>(LeaderboardHub.Path, o =>
        {
            o.ApplicationMaxBufferSize = 16 * 1024;
            o.TransportMaxBufferSize = 16 * 1024;
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
        });
        app.MapGet("/media/tournaments/{name}", (string name, TournamentImages images) =>
            images.PathOf(name) is { } path ? Results.File(path, Media.UploadedImages.ContentType(name)) : Results.NotFound());
        return app;
    }
}
