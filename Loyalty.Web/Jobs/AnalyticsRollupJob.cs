using Loyalty.Web.Features.Analytics;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Folds newly committed ledger entries and purchases into the analytics rollups (<see cref="RollUpAnalytics"/>) every
/// <c>Analytics:RollupPollMilliseconds</c> (0 = off), batch after batch while batches come full. Safe on several instances.
/// </summary>
internal sealed class AnalyticsRollupJob(RollUpAnalytics rollUp, IOptions<AnalyticsOptions> options, ILogger<AnalyticsRollupJob> logger) : BackgroundService
{
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
                while (await rollUp.HandleAsync(RollUpAnalytics.BatchSize, stoppingToken) == RollUpAnalytics.BatchSize && !stoppingToken.IsCancellationRequested) { }
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
