namespace Loyalty.Domain.Feedback;

/// <summary>
/// How much a member may write: ratings and replies together, at most <see cref="PerHour"/> in any hour, so one account
/// cannot flood the staff inbox.
/// </summary>
public static class FeedbackAllowance
{
    public const int PerHour = 10;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>
    /// Refuses when the member has already written <see cref="PerHour"/> times since <paramref name="now"/> minus the window;
    /// <paramref name="recent"/> are the times of what they wrote in that window, in any order.
    /// </summary>
    public static void Check(IReadOnlyCollection<DateTimeOffset> recent, DateTimeOffset now)
    {
        var inWindow = recent.Where(t => t > now - Window).Order().ToList();
        if (inWindow.Count < PerHour) return;
        var retryAfter = inWindow[inWindow.Count - PerHour] + Window - now;
        throw DomainException.Limited("feedback.too_many",
            $"You have sent {PerHour} ratings and replies in the last hour. Please try again in {Math.Ceiling(retryAfter.TotalMinutes)} minutes.",
            retryAfter);
    }
}
