namespace Loyalty.Web.Features.Rewards;

/// <summary>Tells open catalog pages that a reward's stock changed, so they update without a reload.</summary>
public sealed class RewardStockNotifier
{
    public event Action<int, int?>? StockChanged;

    public void Notify(int rewardId, int? stock) => StockChanged?.Invoke(rewardId, stock);
}
