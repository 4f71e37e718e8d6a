namespace Loyalty.Web.Data.Records;

/// <summary>Points a campaign gave on one purchase: the source of the campaign page's figures.</summary>
public sealed class CampaignIssue(int campaignId, long memberId, string purchaseExternalId, long points, decimal sales, DateTimeOffset occurredAt,
    int purchaseOwnerId = Domain.Integrations.IntegrationOwner.Program)
{
    public Guid Id { get; private set; } = Guid.CreateVersion7(occurredAt);
    public int CampaignId { get; private set; } = campaignId;
    public long MemberId { get; private set; } = memberId;
    public string PurchaseExternalId { get; private set; } = purchaseExternalId;

    /// <summary>Whose external id <see cref="PurchaseExternalId"/> is: two owners' purchases may share one.</summary>
    public int PurchaseOwnerId { get; private set; } = purchaseOwnerId;
    public long Points { get; private set; } = points;

    /// <summary>The part of the purchase the campaign applied to.</summary>
    public decimal Sales { get; private set; } = sales;

    public DateTimeOffset OccurredAt { get; private set; } = occurredAt;
}
