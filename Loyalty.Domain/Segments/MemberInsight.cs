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

    /// <summary>The first purchase in the window when the figures were read: once the window has moved past it, they are read again.</summary>
    public DateTimeOffset? FirstPurchaseAt { get; private set; }

    /// <summary>
    /// The member's version (bumped by every purchase, return, activity and points change) when the figures were read: while it
    /// is still the member's, nothing they sum has changed. Null: read them again at the next run.
    /// </summary>
    public long? ReadAtVersion { get; private set; }

    public void Record(ValueSegment value, RfmStats stats, DateTimeOffset? lastActivityAt, IEnumerable<string> topCategories, DateTimeOffset at,
        DateTimeOffset? firstPurchaseAt = null, long? readAtVersion = null)
    {
        (Value, Purchases, Spend, LastPurchaseAt, LastActivityAt, ComputedAt, FirstPurchaseAt, ReadAtVersion) =
            (value, stats.Purchases, stats.Spend, stats.LastPurchaseAt, lastActivityAt, at, firstPurchaseAt, readAtVersion);
        _topCategories = topCategories.Take(3).ToList();
    }
}
