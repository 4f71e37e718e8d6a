namespace Loyalty.Web.Features.Rewards;

/// <summary>Tells open catalog pages that a reward's stock changed, so they update without a reload.</summary>
public sealed class RewardStockNotifier(ILogger<RewardStockNotifier> logger)
{
    public event Action<int, int?>? StockChanged;

    /// <summary>Called after a commit: one failing page must not turn a done redemption into an error.</summary>
    public void Notify(int rewardId, int? stock)
    {
        foreach (var subscriber in StockChanged?.GetInvocationList().Cast<Action<int, int?>>() ?? [])
        {
            try
            {
                subscriber(rewardId, stock);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page could not take the stock change of reward {RewardId}.", rewardId);
            }
        }
    }
}
