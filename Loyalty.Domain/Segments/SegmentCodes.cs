namespace Loyalty.Domain.Segments;

/// <summary>The codes of the value (RFM) segments; rule segments may not take them.</summary>
public static class SegmentCodes
{
    public const string ValueLow = "value-low";
    public const string ValueMid = "value-mid";
    public const string ValueHigh = "value-high";

    public static IReadOnlyList<string> Reserved { get; } = [ValueLow, ValueMid, ValueHigh];

    public static string For(ValueSegment value) => value switch
    {
        ValueSegment.Low => ValueLow,
        ValueSegment.Mid => ValueMid,
        ValueSegment.High => ValueHigh,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not a value segment."),
    };

    public static bool IsReserved(string code) => Reserved.Contains((code ?? "").Trim(), StringComparer.OrdinalIgnoreCase);
}
