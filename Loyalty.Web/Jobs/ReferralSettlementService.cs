using Loyalty.Web.Features.Referrals;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="SettleReferrals"/> on a schedule (<c>Referrals:SettleIntervalMinutes</c>: default 15, at most a day, 0 = off).
/// Safe on several instances at once: each referral is closed under the referrer's concurrency token.
/// </summary>
public sealed class ReferralSettlementService(SettleReferrals settle, IConfiguration configuration, TimeProvider clock,
    ILogger<ReferralSettlementService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Referrals:SettleIntervalMinutes", 15);
        if (minutes <= 0)
        {
            logger.LogInformation("Scheduled referral settlement is off (Referrals:SettleIntervalMinutes = {Minutes}).", minutes);
            return;
        }
        minutes = Math.Min(minutes, 24 * 60);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
        do
        {
            try
            {
                await settle.HandleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Referral settlement failed; it runs again in {Minutes} minutes.", minutes);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
