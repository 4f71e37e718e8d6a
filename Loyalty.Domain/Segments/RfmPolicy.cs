using System.Globalization;

namespace Loyalty.Domain.Segments;

/// <summary>
/// How value segments are cut. Recency, frequency and spend each score 3 (at or past the high threshold),
/// 2 (at or past the mid one) or 1; the total of 3-9 is High from <see cref="HighFrom"/>, Mid from
/// <see cref="MidFrom"/>, else Low. A member with no purchases in the window is Low.
/// </summary>
public sealed class RfmPolicy
{
    private RfmPolicy() { }

    public RfmPolicy(int windowDays, int recentHighDays, int recentMidDays, int frequentHigh, int frequentMid,
        decimal spendHigh, decimal spendMid, int highFrom, int midFrom) =>
        Update(windowDays, recentHighDays, recentMidDays, frequentHigh, frequentMid, spendHigh, spendMid, highFrom, midFrom);

    public static RfmPolicy Default() => new(365, 30, 90, 12, 4, 1000m, 250m, 8, 5);

    /// <summary>Purchases in the last this many days count.</summary>
    public int WindowDays { get; private set; }

    /// <summary>Last purchase at most this many whole days ago scores 3 for recency.</summary>
    public int RecentHighDays { get; private set; }

    /// <summary>Last purchase at most this many whole days ago scores 2 for recency.</summary>
    public int RecentMidDays { get; private set; }

    /// <summary>At least this many purchases score 3 for frequency.</summary>
    public int FrequentHigh { get; private set; }

    /// <summary>At least this many purchases score 2 for frequency.</summary>
    public int FrequentMid { get; private set; }

    /// <summary>Spend of at least this much scores 3 for money.</summary>
    public decimal SpendHigh { get; private set; }

    /// <summary>Spend of at least this much scores 2 for money.</summary>
    public decimal SpendMid { get; private set; }

    /// <summary>A total score (3-9) of at least this is High.</summary>
    public int HighFrom { get; private set; }

    /// <summary>A total score (3-9) of at least this is Mid.</summary>
    public int MidFrom { get; private set; }

    public void Update(int windowDays, int recentHighDays, int recentMidDays, int frequentHigh, int frequentMid,
        decimal spendHigh, decimal spendMid, int highFrom, int midFrom)
    {
        if (windowDays is < 1 or > 3650)
            throw Refusal("rfm.window", $"The window must be between 1 and 3650 days, not {windowDays}.");
        if (recentHighDays < 1 || recentHighDays > windowDays)
            throw Refusal("rfm.recent-high", $"'Recent (high)' must be between 1 and {windowDays} days (the window), not {recentHighDays}.");
        if (recentMidDays < recentHighDays || recentMidDays > windowDays)
            throw Refusal("rfm.recent-mid",
                $"'Recent (mid)' must be between {recentHighDays} ('recent (high)') and {windowDays} days (the window), not {recentMidDays}.");
        if (frequentMid is < 1 or > 100_000)
            throw Refusal("rfm.frequent-mid", $"'Frequent (mid)' must be between 1 and 100000 purchases, not {frequentMid}.");
        if (frequentHigh < frequentMid || frequentHigh > 100_000)
            throw Refusal("rfm.frequent-high",
                $"'Frequent (high)' must be between {frequentMid} ('frequent (mid)') and 100000 purchases, not {frequentHigh}.");
        if (spendMid <= 0)
            throw Refusal("rfm.spend-mid", $"'Spend (mid)' must be above 0, not {spendMid}.");
        if (spendHigh < spendMid)
            throw Refusal("rfm.spend-high", $"'Spend (high)' must be at least {spendMid} ('spend (mid)'), not {spendHigh}.");
        if (midFrom is < 4 or > 9)
            throw Refusal("rfm.mid-from", $"The Mid segment must start at a total score between 4 and 9, not {midFrom}.");
        if (highFrom < midFrom || highFrom > 9)
            throw Refusal("rfm.high-from", $"The High segment must start at a total score between {midFrom} (where Mid starts) and 9, not {highFrom}.");
        (WindowDays, RecentHighDays, RecentMidDays, FrequentHigh, FrequentMid, SpendHigh, SpendMid, HighFrom, MidFrom) =
            (windowDays, recentHighDays, recentMidDays, frequentHigh, frequentMid, spendHigh, spendMid, highFrom, midFrom);
    }

    /// <summary>Where the window starts: the caller counts purchases from here up to <paramref name="now"/>.</summary>
    public DateTimeOffset WindowStart(DateTimeOffset now) => now.AddDays(-WindowDays);

    /// <summary>The three scores, or null when the member bought nothing in the window.</summary>
    public RfmScore? Score(RfmStats stats, DateTimeOffset now)
    {
        if (stats.Purchases <= 0 || stats.LastPurchaseAt is not { } last) return null;
        var daysAgo = Math.Max(0, (int)Math.Floor((now - last).TotalDays));
        var recency = daysAgo <= RecentHighDays ? 3 : daysAgo <= RecentMidDays ? 2 : 1;
        var frequency = stats.Purchases >= FrequentHigh ? 3 : stats.Purchases >= FrequentMid ? 2 : 1;
        var monetary = stats.Spend >= SpendHigh ? 3 : stats.Spend >= SpendMid ? 2 : 1;
        return new RfmScore(recency, frequency, monetary);
    }

    public ValueSegment Classify(RfmStats stats, DateTimeOffset now) =>
        Score(stats, now)?.Total switch
        {
            null => ValueSegment.Low,
            var total when total >= HighFrom => ValueSegment.High,
            var total when total >= MidFrom => ValueSegment.Mid,
            _ => ValueSegment.Low,
        };

    private static DomainException Refusal(string code, FormattableString message) =>
        new(code, message.ToString(CultureInfo.InvariantCulture));
}
