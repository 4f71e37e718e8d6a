using Loyalty.Domain;
using Loyalty.Domain.Feedback;

namespace Loyalty.Tests.Domain.Feedback;

public sealed class FeedbackItemTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static FeedbackItem Rated(int rating = 4, string? comment = "Nice") =>
        new(7, FeedbackSubject.Of(FeedbackSubjectType.Reward, 3), "Free coffee", rating, comment, Noon);

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void A_rating_outside_one_to_five_stars_is_refused(int rating)
    {
        var refused = Assert.Throws<DomainException>(() => Rated(rating));
        Assert.Equal(("feedback.rating_out_of_range", "rating"), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_comment_is_trimmed_a_blank_one_is_none_and_one_over_the_limit_is_refused()
    {
        Assert.Equal("Nice", Rated(comment: "  Nice \n").Comment);
        Assert.Null(Rated(comment: "   ").Comment);
        Assert.Equal(FeedbackItem.MaxTextLength, Rated(comment: new string('a', FeedbackItem.MaxTextLength) + "  ").Comment!.Length);

        var refused = Assert.Throws<DomainException>(() => Rated(comment: new string('a', FeedbackItem.MaxTextLength + 1)));
        Assert.Equal(("feedback.text_too_long", "comment"), (refused.Code, refused.Field));
    }

    [Fact]
    public void The_day_it_was_written_is_the_UTC_day()
    {
        var lateInTehran = new DateTimeOffset(2026, 3, 11, 1, 0, 0, TimeSpan.FromHours(3.5)); // 21:30 UTC on the 10th
        var item = new FeedbackItem(7, FeedbackSubject.Program, "Programme", 5, null, lateInTehran);
        Assert.Equal(new DateOnly(2026, 3, 10), item.Day);
    }

    [Theory]
    [InlineData("reward:5", FeedbackSubjectType.Reward, 5)]
    [InlineData("offer:12", FeedbackSubjectType.Offer, 12)]
    [InlineData("store:2", FeedbackSubjectType.StoreVisit, 2)]
    [InlineData("program", FeedbackSubjectType.Program, null)]
    public void A_subject_key_reads_back_to_its_subject(string key, FeedbackSubjectType type, int? id)
    {
        var subject = FeedbackSubject.TryParse(key);
        Assert.Equal((type, id), (subject!.Value.Type, subject.Value.Id));
        Assert.Equal(key, subject.Value.Key);
    }

    [Theory]
    [InlineData("reward:0")]
    [InlineData("reward:-1")]
    [InlineData("reward")]
    [InlineData("badge:1")]
    [InlineData("program:1")]
    [InlineData("")]
    public void A_key_naming_nothing_is_no_subject(string key) => Assert.Null(FeedbackSubject.TryParse(key));

    [Fact]
    public void The_programme_has_no_id_and_everything_else_needs_one()
    {
        Assert.Equal("feedback.subject_unknown", Assert.Throws<DomainException>(() => FeedbackSubject.Of(FeedbackSubjectType.Program, 1)).Code);
        Assert.Equal("feedback.subject_unknown", Assert.Throws<DomainException>(() => FeedbackSubject.Of(FeedbackSubjectType.Offer, null)).Code);
    }

    [Fact]
    public void The_first_staff_answer_marks_it_answered_and_a_blank_reply_is_refused()
    {
        var item = Rated();
        item.Reply("Also, the cups are small", Noon.AddMinutes(1));
        Assert.Null(item.AnsweredAt);

        item.Answer("staff@loyalty.local", "Thanks, we will look into it", Noon.AddMinutes(5));
        item.Answer("staff@loyalty.local", "Bigger cups from Monday", Noon.AddDays(1));

        Assert.Equal(Noon.AddMinutes(5), item.AnsweredAt);
        Assert.Equal(Noon.AddDays(1), item.LastActivityAt);
        Assert.Equal([false, true, true], item.Messages.Select(m => m.ByStaff));
        Assert.Equal("feedback.text_required", Assert.Throws<DomainException>(() => item.Reply("  ", Noon)).Code);
    }

    [Fact]
    public void Hiding_keeps_the_rating_and_doing_it_twice_changes_nothing()
    {
        var item = Rated(rating: 1, comment: "abusive words");

        Assert.True(item.Hide("admin@loyalty.local", Noon));
        Assert.False(item.Hide("other@loyalty.local", Noon.AddHours(1)));
        Assert.Equal((1, "admin@loyalty.local", Noon), (item.Rating, item.HiddenBy, item.HiddenAt!.Value));
        Assert.True(item.Unhide());
        Assert.False(item.Unhide());
        Assert.False(item.IsHidden);
    }
}
