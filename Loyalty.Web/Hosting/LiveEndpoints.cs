using Loyalty.Web.Components.Live;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Hubs;
using Loyalty.Web.ScaleOut;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Loyalty.Web.Hosting;

/// <summary>
/// The live leaderboard hub and the public live leaderboard pages. They are plain server-rendered documents (no Blazor circuit) plus a SignalR
/// client, so a big screen or thousands of phones watching a tournament cost one hub connection each.
/// </summary>
public static class LiveEndpoints
{
    public static WebApplication MapLivePages(this WebApplication app)
    {
        app.StartRedisScaleOut();
        // Spectators only ever receive small messages: keep each connection's buffers small, so thousands cost little.
        app.MapHub<LeaderboardHub>(LeaderboardHub.Path, o =>
        {
            o.ApplicationMaxBufferSize = 16 * 1024;
            o.TransportMaxBufferSize = 16 * 1024;
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
        }).AllowAnonymous(); // anyone may connect; each hub method states its own rule (LeaderboardHub)
        var script = app.Services.GetRequiredService<SignalRClientScript>();
        app.MapGet(SignalRClientScript.Path, script.Serve).AllowAnonymous();

        app.MapGet("/live", async (GetPublicTournaments tournaments, CancellationToken ct) =>
                new RazorComponentResult<LiveTournamentsPage>(new { Tournaments = await tournaments.ListAsync(ct) }))
            .AllowAnonymous();

        app.MapGet("/live/{id:int}", async Task<IResult> (int id, GetPublicTournaments tournaments, CancellationToken ct) =>
                await tournaments.FindAsync(id, ct) is { } tournament
                    ? new RazorComponentResult<LiveTournamentPage>(new { Tournament = tournament, ClientScriptUrl = script.Url })
                    : new RazorComponentResult<LiveNotFoundPage> { StatusCode = StatusCodes.Status404NotFound })
            .AllowAnonymous();
        return app;
    }
}
