using Loyalty.Web.Features.Points;

namespace Loyalty.Web.Jobs;

/// <summary>Runs <see cref="RunPointsMaintenance"/> on a schedule (<c>Points:MaintenanceIntervalMinutes</c>: default 15, at most a day, 0 = off).</summary>
public sealed class PointsMaintenanceService(RunPointsMaintenance maintenance, IConfiguration configuration, TimeProvider clock,
    ILogger<PointsMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Points:MaintenanceIntervalMinutes", 15);
        if (minutes <= 0)
        {
            logger.LogInformation("Scheduled points maintenance is off (Points:MaintenanceIntervalMinutes = {Minutes}).", minutes);
            return;
        }
        minutes = Math.Min(minutes, 24 * 60);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        do
        {
            try
            {
                await maintenance.HandleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Points maintenance failed; it runs again in {Minutes} minutes.", minutes);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
