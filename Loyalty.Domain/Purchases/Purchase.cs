namespace Loyalty.Domain.Purchases;

/// <summary>A purchase reported by a point-of-sale or partner system (or entered by an admin).</summary>
public sealed class Purchase
{
    private readonly List<PurchaseItem> _items = [];

    private Purchase() { ExternalId = ""; Currency = ""; RequestHash = ""; }

    public Purchase(string externalId, long memberId, int storeId, decimal amount, string currency,
        DateTimeOffset occurredAt, long pointsEarned, IEnumerable<PurchaseItem>? items = null, string requestHash = "",
        Guid? lotId = null, DateTimeOffset? recordedAt = null, int ownerId = Integrations.IntegrationOwner.Program, Guid? apiKeyId = null)
    {
        if (string.IsNullOrWhiteSpace(externalId)) throw new DomainException("purchase.external-id", "A purchase needs the caller's external id.");
        if (amount <= 0) throw DomainException.Invalid("purchase.amount", $"The amount must be above 0, not {amount}.", field: "amount");
        ExternalId = externalId;
        OwnerId = ownerId;
        ApiKeyId = apiKeyId;
        MemberId = memberId;
        StoreId = storeId;
        Amount = amount;
        Currency = currency;
        OccurredAt = occurredAt;
        RecordedAt = recordedAt ?? occurredAt;
        PointsEarned = pointsEarned;
        RequestHash = requestHash;
        LotId = lotId;
        if (items is not null) _items.AddRange(items);
    }

    public long Id { get; private set; }
    public string ExternalId { get; private set; }

    /// <summary>Whose external id it is (<see cref="Integrations.IntegrationOwner"/>): unique per owner, not across owners.</summary>
    public int OwnerId { get; private set; }

    /// <summary>The API key that sent it (its points count against the key's daily cap), or null for one entered by the program.</summary>
    public Guid? ApiKeyId { get; private set; }

    public long MemberId { get; private set; }
    public int StoreId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public long PointsEarned { get; private set; }

    /// <summary>The lot the purchase's points went into (none when it earned nothing).</summary>
    public Guid? LotId { get; private set; }

    /// <summary>Fingerprint of the caller's request: the same external id with another body is a conflict, not a replay.</summary>
    public string RequestHash { get; private set; }

    public decimal RefundedAmount { get; private set; }
    public long PointsReversed { get; private set; }
    public IReadOnlyList<PurchaseItem> Items => _items;

    public decimal RefundableAmount => Amount - RefundedAmount;

    /// <summary>
    /// Forgets the purchase's lines (the retention rule for old purchases): what the ledger, returns and partner settlements
    /// need stays (member, store, amount, currency, time, points, lot, what was refunded).
    /// </summary>
    public void DropItems() => _items.Clear();

    /// <summary>
    /// Points to take back for refunding <paramref name="amount"/>: proportional to the money refunded in total,
    /// so several partial returns add up to exactly what the purchase earned.
    /// </summary>
    public long Refund(decimal amount)
    {
        if (amount <= 0) throw DomainException.Invalid("return.amount", $"The refund amount must be above 0, not {amount}.", field: "amount");
        if (amount > RefundableAmount)
            throw DomainException.Invalid("return.too-much",
                $"Only {RefundableAmount:0.00} {Currency} of this purchase can still be returned, not {amount:0.00}.", field: "amount");
        RefundedAmount += amount;
        // Multiply before dividing: 225 × 15 / 45 is exactly 75, while 225 × (15 / 45) is 74.99…
        var target = (long)Math.Floor(PointsEarned * RefundedAmount / Amount);
        var points = target - PointsReversed;
        PointsReversed = target;
        return points;
    }
}

/// <summary>One line of a purchase.</summary>
public sealed record PurchaseItem(string Sku, string Category, decimal Quantity, decimal UnitPrice)
{
    public decimal Total => Math.Round(Quantity * UnitPrice, 2, MidpointRounding.AwayFromZero);
}

/// <summary>A return against a purchase, kept so the same return id is applied once.</summary>
public sealed class PurchaseReturn(string externalId, long purchaseId, decimal amount, long pointsReversed, DateTimeOffset occurredAt, string requestHash)
{
    public long Id { get; private set; }
    public string ExternalId { get; private set; } = externalId;
    public long PurchaseId { get; private set; } = purchaseId;
    public decimal Amount { get; private set; } = amount;
    public long PointsReversed { get; private set; } = pointsReversed;
    public DateTimeOffset OccurredAt { get; private set; } = occurredAt;
    public string RequestHash { get; private set; } = requestHash;
}
