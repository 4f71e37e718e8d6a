namespace Loyalty.Domain.Purchases;

/// <summary>What earning rules look at in a purchase before it is recorded.</summary>
public sealed record PurchaseFacts(decimal Amount, IReadOnlyCollection<PurchaseItem> Items, int StoreId, DateTimeOffset OccurredAt)
{
    /// <summary>The sales a rule for <paramref name="category"/> touches: that category's items, or the whole amount when null.</summary>
    public decimal QualifyingTotal(string? category) =>
        category is null ? Amount
            : Items.Where(i => string.Equals(i.Category, category, StringComparison.OrdinalIgnoreCase)).Sum(i => i.Total);
}
