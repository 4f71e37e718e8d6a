namespace Loyalty.Domain.Integrations;

/// <summary>
/// A key's daily points cap (<see cref="ApiKey.DailyPointsCap"/>): the points its purchases and events earn per UTC day, counted
/// by when they were recorded (not the caller's occurredAt, which a caller chooses), may not go over the cap.
/// </summary>
public static class DailyPoints
{
    public static DateTimeOffset DayStart(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>Until the next UTC midnight, when the day's allowance is back: at least a second.</summary>
    public static TimeSpan UntilReset(DateTimeOffset now) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((DayStart(now).AddDays(1) - now).TotalSeconds)));

    /// <summary>
    /// Null when <paramref name="points"/> more fit under the cap after <paramref name="recordedToday"/>; otherwise the refusal, naming the
    /// cap and when it resets. Exactly reaching the cap fits; going one point over does not.
    /// </summary>
    public static DomainException? Refusal(long? cap, string keyName, long recordedToday, long points, DateTimeOffset now)
    {
        if (cap is not { } limit || points <= 0 || recordedToday + points <= limit) return null;
        var wait = UntilReset(now);
        return DomainException.Limited("apikey.daily-cap",
            $"The API key '{keyName}' has a daily cap of {limit} points and has recorded {recordedToday} today (UTC); this would earn {points} more. " +
            $"Try again after midnight UTC (Retry-After: {wait.TotalSeconds:0} s), or ask an admin about the cap.", wait);
    }
}
