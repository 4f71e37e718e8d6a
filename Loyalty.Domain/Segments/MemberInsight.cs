namespace Loyalty.Domain.Segments;

/// <summary>What the last segment run found out about one member: their value segment and what they buy.</summary>
public sealed class MemberInsight
{
    private List<string> _topCategories = [];

    private MemberInsight() { }

    public MemberInsight(long memberId) => MemberId = memberId;

    public long MemberId { get; private set; }
    public ValueSegment Value { get; private set; }
    public int Purchases { get; private set; }
    public decimal Spend { get; private set; }
    public DateTimeOffset? LastPurchaseAt { get; private set; }
    public DateTimeOffset? LastActivityAt { get; private set; }

    /// <summary>By spend, most first, at most three.</summary>
    public IReadOnlyList<string> TopCategories => _topCategories;

    public DateTimeOffset ComputedAt { get; private set; }

    public void Record(ValueSegment value, RfmStats stats, DateTimeOffset? lastActivityAt, IEnumerable<string> topCategories, DateTimeOffset at)
    {
        (Value, Purchases, Spend, LastPurchaseAt, LastActivityAt, ComputedAt) =
            (value, stats.Purchases, stats.Spend, stats.LastPurchaseAt, lastActivityAt, at);
        _topCategories = topCategories.Take(3).ToList();
    }
}
