using Loyalty.Domain.Plus;

namespace Loyalty.Tests.Domain.Plus;

public sealed class PlusMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retry = TimeSpan.FromHours(24);

    private static Subscription Paid(BillingPeriod period, decimal price, string currency, DateTimeOffset at, long member)
    {
        var s = Subscription.Start(member, new PlusPlan("P", period, price, currency, 1.5m, null, at), "test", [], at);
        s.CompleteCheckout(at, "c", "p");
        return s;
    }

    [Fact]
    public void Monthly_recurring_revenue_counts_a_yearly_price_as_a_twelfth_per_currency_and_leaves_out_the_cancelled_and_pending()
    {
        var start = Now.AddDays(-10);
        var monthly = Paid(BillingPeriod.Monthly, 5m, "EUR", start, 1);
        var yearly = Paid(BillingPeriod.Yearly, 60m, "EUR", start, 2);
        var pastDue = Paid(BillingPeriod.Monthly, 5m, "EUR", Now.AddMonths(-1), 3);
        pastDue.RenewalFailed(pastDue.PeriodEnd!.Value, Retry, 3, TimeSpan.FromDays(7));
        var lira = Paid(BillingPeriod.Monthly, 99.90m, "TRY", start, 4);
        var cancelled = Paid(BillingPeriod.Monthly, 5m, "EUR", start, 5);
        cancelled.Cancel(Now);
        var pending = Subscription.Start(6, new PlusPlan("P", BillingPeriod.Monthly, 5m, "EUR", 1.5m, null, Now), "test", [], Now);

        var mrr = PlusMetrics.MonthlyRecurringRevenue([monthly, yearly, pastDue, lira, cancelled, pending]);

        Assert.Equal([new Revenue("EUR", 15m, 3), new Revenue("TRY", 99.90m, 1)], mrr);
    }

    [Fact]
    public void Churn_is_those_who_cancelled_or_lapsed_in_the_last_30_days_over_those_live_at_its_start()
    {
        var longAgo = Now.AddDays(-60);
        var stays = Paid(BillingPeriod.Yearly, 60m, "EUR", longAgo, 1);
        var cancelsInWindow = Paid(BillingPeriod.Yearly, 60m, "EUR", longAgo, 2);
        cancelsInWindow.Cancel(Now.AddDays(-5));
        var lapsesInWindow = Paid(BillingPeriod.Monthly, 5m, "EUR", Now.AddDays(-40), 3); // period ends 10 days into the window
        var end = lapsesInWindow.PeriodEnd!.Value;
        lapsesInWindow.RenewalFailed(end, Retry, 0, TimeSpan.FromDays(7)); // no retries: expires at once
        var cancelledBefore = Paid(BillingPeriod.Yearly, 60m, "EUR", longAgo, 4);
        cancelledBefore.Cancel(Now.AddDays(-45)); // left before the window: neither live at its start nor churned in it
        var joinedInWindow = Paid(BillingPeriod.Monthly, 5m, "EUR", Now.AddDays(-3), 5);
        joinedInWindow.Cancel(Now.AddDays(-1)); // not live at the start: not counted

        var churn = PlusMetrics.ChurnOverLast30Days([stays, cancelsInWindow, lapsesInWindow, cancelledBefore, joinedInWindow], Now);

        Assert.Equal(3, churn.LiveAtStart);
        Assert.Equal(2, churn.Left);
        Assert.Equal(2m / 3m, churn.Rate);
    }

    [Fact]
    public void Churn_with_nobody_live_at_the_start_is_zero()
    {
        Assert.Equal(0m, PlusMetrics.ChurnOverLast30Days([], Now).Rate);
    }
}
