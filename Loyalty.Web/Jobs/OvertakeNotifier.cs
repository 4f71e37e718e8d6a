using Loyalty.Web.Features.Notifications;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Writes the overtakes the leaderboard broadcaster queued (<see cref="NotifyOvertakes"/>) as inbox notifications: waits for
/// one, takes what else is waiting (at most <see cref="BatchSize"/>), writes them in one batch. Remembers which (member,
/// subject) it already wrote or found today, so a busy board costs no query for members already told.
/// </summary>
internal sealed class OvertakeNotifier(NotifyOvertakes notify, TimeProvider clock, ILogger<OvertakeNotifier> logger) : BackgroundService
{
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var told = new HashSet<(long MemberId, string Subject)>();
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var batch = new List<OvertakeNotice>(BatchSize);
        try
        {
            while (await notify.Queue.WaitToReadAsync(stoppingToken))
            {
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                if (today != day)
                {
                    // Yesterday's subjects will hardly come again (a late one is still checked by the database).
                    day = today;
                    told.Clear();
                }
                batch.Clear();
                while (batch.Count < BatchSize && notify.Queue.TryRead(out var notice))
                    if (!told.Contains((notice.MemberId, NotifyOvertakes.SubjectOf(notice.TournamentId, notice.At)))) batch.Add(notice);
                if (batch.Count == 0) continue;
                try
                {
                    await notify.HandleAsync(batch, stoppingToken);
                    foreach (var n in batch) told.Add((n.MemberId, NotifyOvertakes.SubjectOf(n.TournamentId, n.At)));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Not retried: an overtake is news of the moment, and the next one today is told instead.
                    logger.LogWarning(ex, "Storing {Count} overtake notifications failed; they are dropped.", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
