namespace Loyalty.Domain.Segments;

/// <summary>A member's purchases inside the RFM window: the last one, how many, and how much in total.</summary>
public sealed record RfmStats(DateTimeOffset? LastPurchaseAt, int Purchases, decimal Spend)
{
    public static RfmStats None { get; } = new(null, 0, 0m);
}

/// <summary>Each part scores 1-3; the total (3-9) decides the segment.</summary>
public sealed record RfmScore(int Recency, int Frequency, int Monetary)
{
    public int Total => Recency + Frequency + Monetary;
}
