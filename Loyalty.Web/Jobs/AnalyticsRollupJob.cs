using System.Diagnostics;
using Loyalty.Web.Features.Analytics;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Folds newly committed ledger entries and purchases into the analytics rollups (<see cref="RollUpAnalytics"/>) every
/// <c>Analytics:RollupPollMilliseconds</c> (0 = off), batch after batch while batches come full. Safe on several instances.
/// </summary>
internal sealed class AnalyticsRollupJob(RollUpAnalytics rollUp, IOptions<AnalyticsOptions> options, ILogger<AnalyticsRollupJob> logger) : BackgroundService
{
    /// <summary>The least pause after a full batch: longer than SQLite's busy retry, so a waiting writer gets the lock.</summary>
    private static readonly TimeSpan MinPause = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.RollupPollMilliseconds;
        if (poll <= 0)
        {
            logger.LogInformation("The analytics rollup job is off (Analytics:RollupPollMilliseconds = {Poll}).", poll);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A backlog (the first start on a large existing ledger) is worked off batch by batch with a pause after each
                // full one at least as long as the batch took: on SQLite a pass holds the write lock, and back-to-back passes
                // kept the ledger writer out (a 2,000,000-entry database answered no purchase for 20 s; docs/analytics.md).
                var started = Stopwatch.GetTimestamp();
                while (await rollUp.HandleAsync(RollUpAnalytics.BatchSize, stoppingToken) == RollUpAnalytics.BatchSize && !stoppingToken.IsCancellationRequested)
                {
                    var took = Stopwatch.GetElapsedTime(started);
                    await Task.Delay(took > MinPause ? took : MinPause, stoppingToken);
                    started = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Rolling up analytics failed; trying again shortly.");
            }
            try
            {
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
