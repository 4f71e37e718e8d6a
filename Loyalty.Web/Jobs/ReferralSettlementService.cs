using Loyalty.Web.Features.Referrals;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="SettleReferrals"/> on a schedule (<c>Referrals:SettleIntervalMinutes</c>: default 15, at most a day, 0 = off).
/// Safe on several instances at once: each referral is closed under the referrer's concurrency token.
/// </summary>
public sealed class ReferralSettlementService(SettleReferrals settle, IConfiguration configuration, TimeProvider clock,
    ILogger<ReferralSettlementService> logger)
    : IntervalJob(configuration, clock, logger, "Referrals:SettleIntervalMinutes", 15, "referral settlement")
{
    protected override Task RunAsync(CancellationToken ct) => settle.HandleAsync(ct);
}
