using Loyalty.Web.Features.Campaigns;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Every <c>Campaigns:BudgetAlertSeconds</c> seconds (10 by default; 0 = off), alerts staff about campaigns that reached 80% of
/// their budget (<see cref="AlertCampaignBudgets"/>): off the purchase path, at the cost of one small query.
/// </summary>
public sealed class CampaignBudgetWatcher(AlertCampaignBudgets alerts, IConfiguration configuration, TimeProvider clock,
    ILogger<CampaignBudgetWatcher> logger) : BackgroundService
{
    public const string Setting = "Campaigns:BudgetAlertSeconds";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue(Setting, 10);
        if (seconds <= 0) return;
        try
        {
            // One delay at a time: a clock that jumps ahead causes one look, not one per missed period.
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), clock, stoppingToken);
                try
                {
                    await alerts.HandleAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not check campaign budgets for the 80% alert.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
