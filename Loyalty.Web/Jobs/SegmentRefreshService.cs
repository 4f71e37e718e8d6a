using Loyalty.Web.Features.Segments;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="RecomputeSegments"/> every <c>Segments:RefreshIntervalMinutes</c> (0 = off), and once soon after start
/// when no member has been segmented yet. With several instances, the one that takes the lease runs it (RecomputeSegments). A failed run is logged and the next one tried on schedule; it never stops the host.
/// </summary>
public sealed class SegmentRefreshService(RecomputeSegments recompute,
    IOptions<SegmentOptions> options, TimeProvider clock, ILogger<SegmentRefreshService> logger) : BackgroundService
{
    /// <summary>Lets the app finish starting before the first run.</summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.RefreshIntervalMinutes;
        if (minutes <= 0)
        {
            logger.LogInformation("Scheduled segment refresh is off (Segments:RefreshIntervalMinutes = 0); admins can recompute on demand.");
            return;
        }
        try
        {
            await Task.Delay(StartDelay, clock, stoppingToken);
            await RunAsync(firstOnly: true, stoppingToken);
            // One delay at a time: a clock that jumps ahead (a resumed VM, a test's fake clock) causes one run, not one per missed period.
            while (true)
            {
                await Task.Delay(TimeSpan.FromMinutes(minutes), clock, stoppingToken);
                await RunAsync(firstOnly: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(bool firstOnly, CancellationToken ct)
    {
        try
        {
            if (await recompute.TryHandleAsync(onlyIfNeverRun: firstOnly, ct) is null && !firstOnly)
                logger.LogInformation("Segment refresh skipped: another instance of the app holds the recompute lease.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Segment refresh failed; it runs again at the next interval ({Minutes} minutes).",
                options.Value.RefreshIntervalMinutes);
        }
    }
}
