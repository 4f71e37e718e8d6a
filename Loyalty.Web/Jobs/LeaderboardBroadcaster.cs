using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Coalesces board changes: every <see cref="TournamentOptions.BroadcastIntervalMs"/> each changed board sends one diff
/// (changed rows of the top, rows gone) to this instance's spectators of it, the moved members their standing and
/// the overtaken a notice. Sends are not awaited one by one, so a slow connection holds up nobody else. Overtakes of members
/// with a login are also queued for their inbox (<see cref="NotifyOvertakes"/>: only queued here, written by
/// <see cref="OvertakeNotifier"/>, so the tick never waits for the database).
/// </summary>
public sealed class LeaderboardBroadcaster(
    LeaderboardRegistry registry,
    IHubContext<LeaderboardHub> hub,
    NotifyOvertakes overtakes,
    IOptions<TournamentOptions> options,
    TimeProvider clock,
    ILogger<LeaderboardBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(20, options.Value.BroadcastIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stoppingToken); // wall-clock pacing, not business time
                BroadcastOnce();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Leaderboard broadcast failed; trying again next tick.");
            }
        }
    }

    /// <summary>One round over the boards (public for tests that drive it by hand).</summary>
    public void BroadcastOnce()
    {
        var now = clock.GetUtcNow();
        var rows = options.Value.SpectatorRows;
        foreach (var board in registry.Boards)
        {
            if (!board.Ready.IsCompletedSuccessfully || !board.HasNewsAt(now)) continue;
            var tick = board.TakeTick(rows, now, options.Value.AroundMe);
            Observe(hub.Clients.Group(LeaderboardHub.GroupOf(tick.TournamentId)).SendAsync("diff", tick.Diff));
            foreach (var (memberId, standing) in tick.Standings)
                Observe(hub.Clients.Group(LeaderboardHub.MemberGroupOf(tick.TournamentId, memberId)).SendAsync("me", standing));
            foreach (var o in tick.OvertakesHere)
                if (o.Member.UserId is not null)
                {
                    Observe(hub.Clients.Group(LeaderboardHub.MemberGroupOf(o.TournamentId, o.Member.MemberId))
                        .SendAsync("overtaken", new OvertakenNotice(o.TournamentId, o.By.Name, o.NewRank)));
                    overtakes.Enqueue(new OvertakeNotice(o.Member.MemberId, o.TournamentId, board.Info.Name, o.By.Name, o.NewRank, now));
                }
            registry.Publish(new BoardNews(tick.TournamentId, tick.Moved, tick.Overtakes));
        }
    }

    private void Observe(Task send)
    {
        if (send.IsCompletedSuccessfully) return;
        _ = send.ContinueWith(t => logger.LogDebug(t.Exception, "A leaderboard message could not be sent."),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
