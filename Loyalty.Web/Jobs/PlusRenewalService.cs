using Loyalty.Web.Features.Plus;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="RenewSubscriptions"/> on a schedule (<c>Plus:IntervalMinutes</c>: default every 15 minutes, 0 = off). Safe on
/// several instances at once: each renewal charge is claimed before the gateway is asked.
/// </summary>
public sealed class PlusRenewalService(RenewSubscriptions renew, IConfiguration configuration, TimeProvider clock, ILogger<PlusRenewalService> logger)
    : IntervalJob(configuration, clock, logger, "Plus:IntervalMinutes", 15, "Plus renewals")
{
    protected override Task RunAsync(CancellationToken ct) => renew.HandleAsync(ct);
}
