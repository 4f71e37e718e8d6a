namespace Loyalty.Domain.Plus;

/// <summary>Monthly recurring revenue in one currency.</summary>
public sealed record Revenue(string Currency, decimal Monthly, int Subscriptions);

/// <summary>Churn over a window: how many of those live at its start left during it.</summary>
public sealed record Churn(DateTimeOffset From, DateTimeOffset To, int LiveAtStart, int Left)
{
    /// <summary>Left ÷ live at the start (0 when nobody was live).</summary>
    public decimal Rate => LiveAtStart == 0 ? 0m : (decimal)Left / LiveAtStart;
}

/// <summary>The admins' Plus figures (docs/plus.md, "Revenue and churn"), computed from the subscriptions alone.</summary>
public static class PlusMetrics
{
    public static readonly TimeSpan ChurnWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Per currency: the monthly share (a yearly price ÷ 12) of every subscription that will renew: active or past due.
    /// Cancelled-at-period-end ones are left out (they bring in nothing more), as are pending, expired and abandoned ones.
    /// </summary>
    public static IReadOnlyList<Revenue> MonthlyRecurringRevenue(IEnumerable<Subscription> subscriptions) =>
        subscriptions.Where(s => s.State is SubscriptionState.Active or SubscriptionState.PastDue)
            .GroupBy(s => s.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Revenue(g.Key, decimal.Round(g.Sum(s => PlusPlan.MonthlyShare(s.Period, s.Amount)), 2), g.Count()))
            .ToList();

    /// <summary>
    /// Of the subscriptions that had been paid for and were not yet leaving <see cref="ChurnWindow"/> before <paramref name="now"/>,
    /// the share that left within it. A subscription leaves once: when the member set it to cancel, or, never cancelled, when it
    /// expired (renewals failed until the retries ran out).
    /// </summary>
    public static Churn ChurnOverLast30Days(IEnumerable<Subscription> subscriptions, DateTimeOffset now)
    {
        var start = now - ChurnWindow;
        var atStart = subscriptions.Where(s => s.ActivatedAt <= start && !(LeftAt(s) <= start)).ToList();
        return new Churn(start, now, atStart.Count, atStart.Count(s => LeftAt(s) <= now));
    }

    private static DateTimeOffset? LeftAt(Subscription s) =>
        s.CancelledAt ?? (s.State == SubscriptionState.Expired ? s.EndedAt : null);
}
