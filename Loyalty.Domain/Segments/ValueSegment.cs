namespace Loyalty.Domain.Segments;

/// <summary>A member's value to the program from recency, frequency and spend (RFM).</summary>
public enum ValueSegment
{
    Low = 1,
    Mid = 2,
    High = 3,
}
