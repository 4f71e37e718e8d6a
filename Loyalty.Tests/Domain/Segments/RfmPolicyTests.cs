using Loyalty.Domain;
using Loyalty.Domain.Segments;

namespace Loyalty.Tests.Domain.Segments;

public sealed class RfmPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly RfmPolicy _policy = RfmPolicy.Default();

    private static RfmStats Bought(int daysAgo, int purchases, decimal spend) => new(Now.AddDays(-daysAgo), purchases, spend);

    public static TheoryData<string, int, int, decimal, ValueSegment> Members => new()
    {
        // name, days since last purchase, purchases, spend → R + F + M
        { "recent big spender", 5, 20, 2_500m, ValueSegment.High },   // 3 + 3 + 3 = 9
        { "lapsed", 200, 3, 180m, ValueSegment.Low },                  // 1 + 1 + 1 = 3
        { "lapsed big spender", 200, 15, 1_500m, ValueSegment.Mid },  // 1 + 3 + 3 = 7
        { "frequent small", 10, 30, 200m, ValueSegment.Mid },         // 3 + 3 + 1 = 7
        { "new, one purchase", 2, 1, 40m, ValueSegment.Mid },         // 3 + 1 + 1 = 5
        { "borderline high", 30, 12, 999.99m, ValueSegment.High },    // 3 + 3 + 2 = 8
        { "a day past every high line", 31, 11, 999.99m, ValueSegment.Mid }, // 2 + 2 + 2 = 6
        { "one score short of mid", 91, 4, 100m, ValueSegment.Low },  // 1 + 2 + 1 = 4
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Members_are_classified_by_recency_frequency_and_spend(string who, int daysAgo, int purchases, decimal spend,
        ValueSegment expected)
    {
        Assert.True(expected == _policy.Classify(Bought(daysAgo, purchases, spend), Now), who);
    }

    [Fact]
    public void A_member_with_no_purchases_is_low()
    {
        Assert.Equal(ValueSegment.Low, _policy.Classify(RfmStats.None, Now));
        Assert.Null(_policy.Score(RfmStats.None, Now));
    }

    [Fact]
    public void Thresholds_count_at_the_line_and_whole_days()
    {
        // 30 days and 23 hours ago is still "30 days ago"; 12 purchases and 1000 spent are high.
        var atTheLine = new RfmStats(Now.AddDays(-30).AddHours(-23), 12, 1_000m);

        Assert.Equal(new RfmScore(3, 3, 3), _policy.Score(atTheLine, Now));
        Assert.Equal(new RfmScore(2, 2, 2), _policy.Score(Bought(31, 11, 999.99m), Now));
        Assert.Equal(new RfmScore(1, 1, 1), _policy.Score(Bought(91, 3, 249.99m), Now));
    }

    [Fact]
    public void The_default_policy_has_the_documented_thresholds()
    {
        var p = RfmPolicy.Default();

        Assert.Equal((365, 30, 90, 12, 4, 1000m, 250m, 8, 5),
            (p.WindowDays, p.RecentHighDays, p.RecentMidDays, p.FrequentHigh, p.FrequentMid, p.SpendHigh, p.SpendMid, p.HighFrom, p.MidFrom));
        Assert.Equal(Now.AddDays(-365), p.WindowStart(Now));
    }

    [Theory]
    [InlineData("window", "rfm.window", "between 1 and 3650 days")]
    [InlineData("recent-high", "rfm.recent-high", "between 1 and 365 days")]
    [InlineData("recent-mid", "rfm.recent-mid", "between 30 ('recent (high)') and 365 days")]
    [InlineData("frequent-mid", "rfm.frequent-mid", "between 1 and 100000")]
    [InlineData("frequent-high", "rfm.frequent-high", "between 4 ('frequent (mid)') and 100000")]
    [InlineData("spend-mid", "rfm.spend-mid", "above 0")]
    [InlineData("spend-high", "rfm.spend-high", "at least 250")]
    [InlineData("mid-from", "rfm.mid-from", "between 4 and 9")]
    [InlineData("high-from", "rfm.high-from", "between 5 (where Mid starts) and 9")]
    public void A_threshold_out_of_range_is_refused_naming_the_valid_range(string wrong, string code, string range)
    {
        var p = RfmPolicy.Default();
        Action update = wrong switch
        {
            "window" => () => p.Update(0, 30, 90, 12, 4, 1000m, 250m, 8, 5),
            "recent-high" => () => p.Update(365, 400, 400, 12, 4, 1000m, 250m, 8, 5),
            "recent-mid" => () => p.Update(365, 30, 20, 12, 4, 1000m, 250m, 8, 5),
            "frequent-mid" => () => p.Update(365, 30, 90, 12, 0, 1000m, 250m, 8, 5),
            "frequent-high" => () => p.Update(365, 30, 90, 3, 4, 1000m, 250m, 8, 5),
            "spend-mid" => () => p.Update(365, 30, 90, 12, 4, 1000m, 0m, 8, 5),
            "spend-high" => () => p.Update(365, 30, 90, 12, 4, 200m, 250m, 8, 5),
            "mid-from" => () => p.Update(365, 30, 90, 12, 4, 1000m, 250m, 8, 3),
            "high-from" => () => p.Update(365, 30, 90, 12, 4, 1000m, 250m, 10, 5),
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };

        var refused = Assert.Throws<DomainException>(update);

        Assert.Equal(code, refused.Code);
        Assert.Contains(range, refused.Message);
        Assert.Equal(365, p.WindowDays); // nothing changed
        Assert.Equal(8, p.HighFrom);
    }

    [Fact]
    public void When_mid_and_high_start_at_the_same_score_there_is_no_mid()
    {
        var p = new RfmPolicy(365, 30, 30, 4, 4, 250m, 250m, highFrom: 6, midFrom: 6);

        Assert.Equal(ValueSegment.High, p.Classify(Bought(10, 1, 250m), Now)); // 3 + 1 + 3 = 7
        Assert.Equal(ValueSegment.Low, p.Classify(Bought(10, 1, 100m), Now));  // 3 + 1 + 1 = 5
    }
}
