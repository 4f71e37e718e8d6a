namespace Loyalty.Web.Jobs;

/// <summary>
/// A job that runs at start and then every <c>{setting}</c> minutes (at most a day; 0 or less = off); a failed run is logged
/// and the next one comes at its time.
/// </summary>
public abstract class IntervalJob(IConfiguration configuration, TimeProvider clock, ILogger logger, string setting, int defaultMinutes, string what)
    : BackgroundService
{
    protected abstract Task RunAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue(setting, defaultMinutes);
        if (minutes <= 0)
        {
            logger.LogInformation("Scheduled {What} is off ({Setting} = {Minutes}).", what, setting, minutes);
            return;
        }
        minutes = Math.Min(minutes, 24 * 60);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "{What} failed; it runs again in {Minutes} minutes.", what, minutes);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
