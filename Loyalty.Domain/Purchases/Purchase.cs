namespace Loyalty.Domain.Purchases;

/// <summary>A purchase reported by a point-of-sale or partner system (or entered by an admin).</summary>
public sealed class Purchase
{
    private Purchase() { ExternalId = ""; Currency = ""; }

    public Purchase(string externalId, long memberId, int storeId, decimal amount, string currency,
        DateTimeOffset occurredAt, long pointsEarned)
    {
        if (string.IsNullOrWhiteSpace(externalId)) throw new DomainException("purchase.external-id", "A purchase needs the caller's external id.");
        if (amount <= 0) throw new DomainException("purchase.amount", $"The amount must be above 0, not {amount}.");
        ExternalId = externalId;
        MemberId = memberId;
        StoreId = storeId;
        Amount = amount;
        Currency = currency;
        OccurredAt = occurredAt;
        PointsEarned = pointsEarned;
    }

    public long Id { get; private set; }
    public string ExternalId { get; private set; }
    public long MemberId { get; private set; }
    public int StoreId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public long PointsEarned { get; private set; }
}
