namespace Loyalty.Domain.Gifting;

/// <summary>Whether members may give points to each other, and how many (program settings): one row, defaults until saved.</summary>
public sealed class GiftTerms
{
    public const long MaxLimit = 10_000_000;

    private GiftTerms() { }

    public static GiftTerms Default() => new() { Id = 1, Enabled = true, DailyLimit = 5_000, MonthlyLimit = 20_000 };

    public int Id { get; private set; }
    public bool Enabled { get; private set; }

    /// <summary>Points a member may give per UTC day, all gifts together.</summary>
    public long DailyLimit { get; private set; }

    /// <summary>Points a member may give per UTC calendar month.</summary>
    public long MonthlyLimit { get; private set; }

    public void Update(bool enabled, long dailyLimit, long monthlyLimit)
    {
        if (dailyLimit is < 1 or > MaxLimit)
            throw DomainException.Invalid("gift.daily-limit", $"The daily limit is 1 to {MaxLimit:N0} points.", field: "dailyLimit");
        if (monthlyLimit < dailyLimit || monthlyLimit > MaxLimit)
            throw DomainException.Invalid("gift.monthly-limit", $"The monthly limit is at least the daily limit and at most {MaxLimit:N0} points.", field: "monthlyLimit");
        (Enabled, DailyLimit, MonthlyLimit) = (enabled, dailyLimit, monthlyLimit);
    }

    /// <summary>Refuses a gift of <paramref name="points"/> on top of what was given today and this month.</summary>
    public void CheckAllowance(long points, long givenToday, long givenThisMonth)
    {
        if (!Enabled)
            throw DomainException.Conflict("gift.off", "Giving points is switched off in this program.");
        if (points <= 0)
            throw DomainException.Invalid("gift.points", "Give at least 1 point.", field: "points");
        if (givenToday + points > DailyLimit)
            throw DomainException.Conflict("gift.daily-limit",
                $"You can give {DailyLimit:N0} points a day; {Math.Max(0, DailyLimit - givenToday):N0} are left today.", field: "points");
        if (givenThisMonth + points > MonthlyLimit)
            throw DomainException.Conflict("gift.monthly-limit",
                $"You can give {MonthlyLimit:N0} points a month; {Math.Max(0, MonthlyLimit - givenThisMonth):N0} are left this month.", field: "points");
    }
}
