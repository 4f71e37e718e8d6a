using Loyalty.Web.Features.Points;

namespace Loyalty.Web.Jobs;

/// <summary>Runs <see cref="RunPointsMaintenance"/> on a schedule (<c>Points:MaintenanceIntervalMinutes</c>: default 15, at most a day, 0 = off).</summary>
public sealed class PointsMaintenanceService(RunPointsMaintenance maintenance, IConfiguration configuration, TimeProvider clock,
    ILogger<PointsMaintenanceService> logger)
    : IntervalJob(configuration, clock, logger, "Points:MaintenanceIntervalMinutes", 15, "points maintenance")
{
    protected override Task RunAsync(CancellationToken ct) => maintenance.HandleAsync(ct);
}
