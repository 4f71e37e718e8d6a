using Loyalty.Web.Features.Retention;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="TrimOldPurchaseItems"/> on a schedule (<c>Retention:IntervalMinutes</c>: default once a day, 0 = off).
/// Safe on several instances at once.
/// </summary>
public sealed class RetentionService(TrimOldPurchaseItems trim, IConfiguration configuration, TimeProvider clock, ILogger<RetentionService> logger)
    : IntervalJob(configuration, clock, logger, "Retention:IntervalMinutes", 24 * 60, "data retention")
{
    protected override Task RunAsync(CancellationToken ct) => trim.HandleAsync(ct);
}
