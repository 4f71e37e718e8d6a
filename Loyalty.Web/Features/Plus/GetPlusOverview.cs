using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

public sealed record Subscriber(long SubscriptionId, string? MemberNumber, string? DisplayName, string PlanName, SubscriptionState State,
    decimal Amount, string Currency, DateTimeOffset? PeriodEnd, DateTimeOffset? ActivatedAt);

public sealed record FailedPayment(long Id, long SubscriptionId, string? MemberNumber, DateTimeOffset At, decimal Amount, string Currency,
    PaymentOutcome Outcome, int Attempt, string? FailureMessage);

public sealed record PlusOverview(IReadOnlyList<Revenue> Revenue, Churn Churn, int LiveCount, IReadOnlyList<Subscriber> Subscribers, int SubscriberTotal,
    IReadOnlyList<FailedPayment> FailedPayments);

/// <summary>Admins' Plus figures: monthly recurring revenue per currency, churn over the last 30 days, subscribers (paged), failed payments.</summary>
public sealed class GetPlusOverview(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int FailedShown = 50;

    public async Task<PlusOverview> HandleAsync(int page = 0, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var since = now - PlusMetrics.ChurnWindow;
        // Every subscription that was ever paid for and is live or left within the window: what revenue and churn need.
        var counted = await db.Subscriptions.AsNoTracking()
            .Where(s => s.ActivatedAt != null && (s.LiveMemberId != null || s.EndedAt > since || s.CancelledAt > since))
            .ToListAsync(ct);
        var revenue = PlusMetrics.MonthlyRecurringRevenue(counted);
        var churn = PlusMetrics.ChurnOverLast30Days(counted, now);

        var paid = db.Subscriptions.AsNoTracking().Where(s => s.ActivatedAt != null);
        var total = await paid.CountAsync(ct);
        var subscribers = await (from s in paid
                                 join m in db.Members on s.MemberId equals m.Id
                                 orderby s.LiveMemberId == null, s.Id descending
                                 select new Subscriber(s.Id, m.MemberNumber, m.DisplayName, s.PlanName, s.State, s.Amount, s.Currency, s.PeriodEnd, s.ActivatedAt))
            .Skip(page * PageSize).Take(PageSize).ToListAsync(ct);
        var failed = await (from p in db.Payments.AsNoTracking()
                            where p.Outcome == PaymentOutcome.Declined || p.Outcome == PaymentOutcome.Failed
                            join s in db.Subscriptions on p.SubscriptionId equals s.Id
                            join m in db.Members on s.MemberId equals m.Id
                            orderby p.At descending, p.Id descending
                            select new FailedPayment(p.Id, p.SubscriptionId, m.MemberNumber, p.At, p.Amount, p.Currency, p.Outcome, p.Attempt, p.FailureMessage))
            .Take(FailedShown).ToListAsync(ct);
        return new PlusOverview(revenue, churn, counted.Count(s => s.IsLive), subscribers, total, failed);
    }
}
