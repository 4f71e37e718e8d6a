using Loyalty.Domain;
using Loyalty.Domain.Segments;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Segments;

public sealed class SegmentTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 9, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static Segment Rule(int[]? tiers = null, string[]? cities = null, int? minAge = null, int? maxAge = null,
        string? category = null, int? activeWithinDays = null, string code = "test-segment") =>
        new(code, "Test segment", tiers, cities, minAge, maxAge, category, activeWithinDays);

    [Fact]
    public void A_tier_rule_matches_members_in_any_of_its_tiers()
    {
        var segment = Rule(tiers: [3, 4]);

        Assert.True(segment.Matches(new ProfileBuilder().InTier(4).Build(), Today, Now));
        Assert.False(segment.Matches(new ProfileBuilder().InTier(2).Build(), Today, Now));
    }

    [Fact]
    public void A_city_rule_ignores_case_and_surrounding_spaces()
    {
        var segment = Rule(cities: [" riga ", "Tallinn"]);

        Assert.Equal(["riga", "Tallinn"], segment.Cities);
        Assert.True(segment.Matches(new ProfileBuilder().LivingIn("RIGA ").Build(), Today, Now));
        Assert.False(segment.Matches(new ProfileBuilder().LivingIn("Vilnius").Build(), Today, Now));
    }

    [Theory]
    [InlineData("2025-06-09", false)] // turns 25 tomorrow: still 24
    [InlineData("2025-06-10", true)]  // 25th birthday
    public void An_age_band_counts_a_birthday_from_the_day_itself(string today, bool matches)
    {
        var segment = Rule(minAge: 25, maxAge: 34);
        var member = new ProfileBuilder().BornOn(new DateOnly(2000, 6, 10)).Build();

        Assert.Equal(matches, segment.Matches(member, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Now));
    }

    [Fact]
    public void The_top_of_an_age_band_includes_the_whole_year_of_that_age()
    {
        var segment = Rule(minAge: 18, maxAge: 24);
        var member = new ProfileBuilder().BornOn(new DateOnly(2000, 6, 10)).Build();

        Assert.True(segment.Matches(member, new DateOnly(2025, 6, 9), Now));   // 24 and 364 days
        Assert.False(segment.Matches(member, new DateOnly(2025, 6, 10), Now)); // 25
    }

    [Fact]
    public void A_member_born_on_29_February_is_a_year_older_on_28_February_of_other_years()
    {
        var member = new ProfileBuilder().BornOn(new DateOnly(2004, 2, 29)).Build();

        Assert.Equal(20, member.AgeOn(new DateOnly(2025, 2, 27)));
        Assert.Equal(21, member.AgeOn(new DateOnly(2025, 2, 28)));
    }

    [Fact]
    public void An_age_rule_does_not_match_a_member_without_a_birth_date()
    {
        Assert.False(Rule(minAge: 18).Matches(new ProfileBuilder().BornOn(null).Build(), Today, Now));
        Assert.True(Rule(minAge: 18).Matches(new ProfileBuilder().Build(), Today, Now));
    }

    [Fact]
    public void A_category_rule_matches_a_consenting_member_with_it_among_their_top_categories()
    {
        var segment = Rule(category: "Coffee");

        Assert.True(segment.Matches(new ProfileBuilder().Buying("bakery", "coffee").ConsentingToPersonalisation().Build(), Today, Now));
        Assert.False(segment.Matches(new ProfileBuilder().Buying("bakery", "tea").ConsentingToPersonalisation().Build(), Today, Now));
    }

    [Fact]
    public void A_category_rule_never_picks_out_a_member_who_did_not_consent_to_personalisation()
    {
        var segment = Rule(category: "coffee");

        Assert.False(segment.Matches(new ProfileBuilder().Buying("coffee").ConsentingToPersonalisation(false).Build(), Today, Now));
    }

    [Fact]
    public void An_activity_rule_matches_members_active_within_that_many_days()
    {
        var segment = Rule(activeWithinDays: 30);

        Assert.True(segment.Matches(new ProfileBuilder().LastActiveAt(Now.AddDays(-30)).Build(), Today, Now));
        Assert.False(segment.Matches(new ProfileBuilder().LastActiveAt(Now.AddDays(-30).AddSeconds(-1)).Build(), Today, Now));
        Assert.False(segment.Matches(new ProfileBuilder().LastActiveAt(null).Build(), Today, Now));
    }

    [Fact]
    public void Every_rule_must_hold()
    {
        var segment = Rule(tiers: [3], cities: ["Riga"], activeWithinDays: 7);
        var goldInRigaActive = new ProfileBuilder().InTier(3).LivingIn("Riga").LastActiveAt(Now.AddDays(-1));

        Assert.True(segment.Matches(goldInRigaActive.Build(), Today, Now));
        Assert.False(segment.Matches(goldInRigaActive.LivingIn("Baku").Build(), Today, Now));
        Assert.False(segment.Matches(goldInRigaActive.LivingIn("Riga").InTier(2).Build(), Today, Now));
        Assert.False(segment.Matches(goldInRigaActive.InTier(3).LastActiveAt(Now.AddDays(-8)).Build(), Today, Now));
    }

    [Fact]
    public void A_segment_without_any_rule_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => Rule(tiers: [], cities: [" "], category: " "));

        Assert.Equal("segment.no-rule", refused.Code);
        Assert.Contains("add at least one rule", refused.Message);
    }

    [Theory]
    [InlineData("value-high")]
    [InlineData("Value-Low")]
    public void A_rule_segment_may_not_take_a_value_segment_code(string code)
    {
        var refused = Assert.Throws<DomainException>(() => Rule(tiers: [1], code: code));

        Assert.Equal("segment.code-reserved", refused.Code);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("riga coffee")]
    [InlineData("riga_coffee")]
    [InlineData("a-code-that-is-far-too-long-for-a-segment-slug")]
    public void A_code_that_is_not_a_short_slug_is_refused(string code)
    {
        var refused = Assert.Throws<DomainException>(() => Rule(tiers: [1], code: code));

        Assert.Equal("segment.code", refused.Code);
        Assert.Contains("2-40 characters", refused.Message);
    }

    [Fact]
    public void A_code_is_stored_in_lower_case()
    {
        Assert.Equal("riga-coffee", Rule(tiers: [1], code: " Riga-Coffee ").Code);
    }

    [Theory]
    [InlineData(12, null, "segment.age")]
    [InlineData(null, 121, "segment.age")]
    [InlineData(40, 30, "segment.age-band")]
    public void Ages_outside_13_to_120_or_upside_down_are_refused(int? min, int? max, string code)
    {
        Assert.Equal(code, Assert.Throws<DomainException>(() => Rule(minAge: min, maxAge: max)).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void Activity_outside_1_to_3650_days_is_refused(int days)
    {
        Assert.Equal("segment.activity", Assert.Throws<DomainException>(() => Rule(activeWithinDays: days)).Code);
    }

    [Fact]
    public void Update_replaces_the_rules_and_keeps_the_code()
    {
        var segment = Rule(tiers: [1]);

        segment.Update("Young in Riga", null, ["Riga"], 18, 25, null, null);

        Assert.Equal(("test-segment", "Young in Riga"), (segment.Code, segment.Name));
        Assert.Empty(segment.TierIds);
        Assert.Equal(["Riga"], segment.Cities);
        Assert.Equal((18, 25), (segment.MinAge, segment.MaxAge));
        Assert.Throws<DomainException>(() => segment.Update("", null, ["Riga"], null, null, null, null));
        Assert.Equal("Young in Riga", segment.Name);
    }

    [Fact]
    public void The_computed_size_is_recorded_with_its_time()
    {
        var segment = Rule(tiers: [1]);

        segment.RecordSize(42, Now);

        Assert.Equal((42, Now), (segment.Size, segment.ComputedAt));
    }

    [Fact]
    public void Value_segments_have_reserved_codes()
    {
        Assert.Equal("value-low", SegmentCodes.For(ValueSegment.Low));
        Assert.Equal("value-mid", SegmentCodes.For(ValueSegment.Mid));
        Assert.Equal("value-high", SegmentCodes.For(ValueSegment.High));
    }
}
