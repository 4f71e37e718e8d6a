namespace Loyalty.Web.Data.Records;

/// <summary>
/// A campaign's treated and held-out samples (members, sales, sum of squares) and the sales it touched, as last measured:
/// the analytics page reads these instead of every campaign's purchases. Kept by <c>Features/Campaigns/RefreshCampaignResults</c>
/// (docs/campaigns.md, "Results on the analytics page").
/// </summary>
public sealed class CampaignResultSnapshot(int campaignId)
{
    public int CampaignId { get; private set; } = campaignId;
    public long TreatedMembers { get; set; }
    public decimal TreatedSales { get; set; }
    public double TreatedSquares { get; set; }
    public long HoldoutMembers { get; set; }
    public decimal HoldoutSales { get; set; }
    public double HoldoutSquares { get; set; }
    public decimal SalesTouched { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
