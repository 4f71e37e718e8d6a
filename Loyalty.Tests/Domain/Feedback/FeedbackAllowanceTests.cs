using Loyalty.Domain;
using Loyalty.Domain.Feedback;

namespace Loyalty.Tests.Domain.Feedback;

public sealed class FeedbackAllowanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Fewer_than_the_hourly_allowance_pass()
    {
        FeedbackAllowance.Check([.. Enumerable.Range(1, FeedbackAllowance.PerHour - 1).Select(i => Now.AddMinutes(-i))], Now);
    }

    [Fact]
    public void A_full_hour_is_refused_with_when_the_oldest_leaves_the_window()
    {
        var recent = Enumerable.Range(0, FeedbackAllowance.PerHour).Select(i => Now.AddMinutes(-50 + i)).ToList(); // oldest 50 min ago

        var refused = Assert.Throws<DomainException>(() => FeedbackAllowance.Check(recent, Now));

        Assert.Equal(("feedback.too_many", RefusalKind.Limited), (refused.Code, refused.Kind));
        Assert.Equal(TimeSpan.FromMinutes(10), refused.RetryAfter);
    }

    [Fact]
    public void Writing_more_than_an_hour_ago_does_not_count()
    {
        var recent = Enumerable.Range(0, FeedbackAllowance.PerHour).Select(i => Now.AddMinutes(-60 - i)).ToList();
        FeedbackAllowance.Check(recent, Now);
    }
}
