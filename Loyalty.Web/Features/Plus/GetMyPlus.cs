using Loyalty.Domain.Plus;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Plus;

public sealed record PlanOffer(int Id, string Name, BillingPeriod Period, decimal Price, string Currency, decimal EarnMultiplier, IReadOnlyList<string> Benefits);

public sealed record MySubscription(long Id, string PlanName, SubscriptionState State, decimal Amount, string Currency, BillingPeriod Period,
    decimal EarnMultiplier, DateTimeOffset? PeriodEnd, DateTimeOffset? GraceUntil, DateTimeOffset? NextRetryAt, bool HasBenefits, bool CanManageCard)
{
    /// <summary>When the next charge is due (null when none will come: cancelled, pending, over).</summary>
    public DateTimeOffset? NextChargeAt => State switch
    {
        SubscriptionState.Active => PeriodEnd,
        SubscriptionState.PastDue => NextRetryAt,
        _ => null,
    };
}

public sealed record Receipt(long Id, DateTimeOffset At, decimal Amount, string Currency, PaymentOutcome Outcome, DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd, string? PaymentRef, string? FailureMessage);

public sealed record MyPlus(bool IsMember, bool PaymentsAvailable, IReadOnlyList<PlanOffer> Plans, MySubscription? Subscription, IReadOnlyList<Receipt> Receipts);

/// <summary>The member's Plus page: the plans on offer, their live (or latest) subscription, and their receipts.</summary>
public sealed class GetMyPlus(IDbContextFactory<LoyaltyDbContext> dbFactory, PaymentGateways gateways, TimeProvider clock)
{
    public const int MaxReceipts = 50;

    public async Task<MyPlus> HandleAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plans = (await db.PlusPlans.AsNoTracking().Where(p => !p.Retired).OrderBy(p => p.Price).ThenBy(p => p.Id).ToListAsync(ct))
            .ConvertAll(p => new PlanOffer(p.Id, p.Name, p.Period, p.Price, p.Currency, p.EarnMultiplier, p.BenefitLines));
        var memberId = await db.Members.Where(m => m.UserId == userId).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        if (memberId is not { } id) return new MyPlus(false, gateways.IsAvailable, plans, null, []);
        var subscription = await db.Subscriptions.AsNoTracking().Where(s => s.MemberId == id).OrderByDescending(s => s.LiveMemberId != null)
            .ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        if (subscription?.State == SubscriptionState.Abandoned) subscription = null; // a checkout that never went through is not a membership
        var receipts = await db.Payments.AsNoTracking()
            .Where(p => p.Outcome != PaymentOutcome.Pending && db.Subscriptions.Any(s => s.Id == p.SubscriptionId && s.MemberId == id))
            .OrderByDescending(p => p.Id).Take(MaxReceipts)
            .Select(p => new Receipt(p.Id, p.At, p.Amount, p.Currency, p.Outcome, p.PeriodStart, p.PeriodEnd, p.PaymentRef, p.FailureMessage))
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new MyPlus(true, gateways.IsAvailable, plans, subscription is null ? null : new MySubscription(subscription.Id, subscription.PlanName,
            subscription.State, subscription.Amount, subscription.Currency, subscription.Period, subscription.EarnMultiplier, subscription.PeriodEnd,
            subscription.GraceUntil, subscription.NextRetryAt, subscription.HasBenefits(now), subscription.CustomerRef is not null), receipts);
    }

    /// <summary>The gateway's page where the member manages their card, or null when the gateway has none.</summary>
    public async Task<string?> CardPortalAsync(string userId, string returnUrl, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Subscriptions.AsNoTracking().Where(x => x.LiveMemberId != null && db.Members.Any(m => m.Id == x.MemberId && m.UserId == userId))
            .SingleOrDefaultAsync(ct);
        if (s?.CustomerRef is null || gateways.Find(s.Gateway) is not { } gateway) return null;
        return await gateway.CustomerPortalUrlAsync(s.CustomerRef, returnUrl, ct);
    }
}
