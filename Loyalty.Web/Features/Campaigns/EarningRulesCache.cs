using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Caching;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>What may add to a purchase beyond its base points: the hot path skips every extra read when this is empty.</summary>
/// <param name="CampaignIds">Active campaigns whose window is near now and whose budget is not spent.</param>
/// <param name="AnyBonusOffer">Some bonus offer (multiplier or fixed points) may be live.</param>
public sealed record EarningRules(IReadOnlyList<int> CampaignIds, bool AnyBonusOffer)
{
    public static readonly EarningRules None = new([], false);

    public bool IsEmpty => CampaignIds.Count == 0 && !AnyBonusOffer;

    /// <summary>Items queued across a refresh may hold two snapshots: a group reads what either names.</summary>
    public static EarningRules Union(IReadOnlyList<EarningRules> rules)
    {
        var first = rules[0];
        var same = true;
        for (var i = 1; i < rules.Count && same; i++) same = ReferenceEquals(rules[i], first);
        if (same) return first;
        return new(rules.SelectMany(r => r.CampaignIds).Distinct().ToList(), rules.Any(r => r.AnyBonusOffer));
    }
}

/// <summary>
/// Caches <see cref="EarningRules"/>. Campaign and offer changes made in this process invalidate it at once; other app
/// instances scaled out over Redis are told at once too (<c>loyalty:campaigns-changed</c>), and without Redis see them within
/// <see cref="MaxAge"/> (a paused campaign stops at once anyway: the purchase path reads its status from the database).
/// </summary>
public sealed class EarningRulesCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>A till may send a purchase a while after it happened; a campaign that just ended still counts it.</summary>
    public static readonly TimeSpan LateGrace = TimeSpan.FromDays(1);

    /// <summary>Purchases may be stamped a little in the future, and the snapshot lives <see cref="MaxAge"/>.</summary>
    private static readonly TimeSpan Ahead = MaxAge + TimeSpan.FromMinutes(5);

    private readonly RefreshingValue<EarningRules> _rules;

    public EarningRulesCache(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock) =>
        _rules = new(clock, MaxAge, async ct =>
        {
            var now = clock.GetUtcNow();
            var (from, until) = (now - LateGrace, now + Ahead);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var campaigns = await db.Campaigns.AsNoTracking()
                .Where(c => c.Status == CampaignStatus.Active && c.EndsAt > from && c.StartsAt <= until
                    && (c.BudgetPoints == null || c.IssuedPoints < c.BudgetPoints))
                .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
            var anyOffer = await db.Offers.AsNoTracking()
                .AnyAsync(o => (o.Type == OfferType.PointsMultiplier || o.Type == OfferType.FixedBonusPoints)
                    && o.Status != OfferStatus.Draft && o.EndsAt > from && o.StartsAt <= until && (o.EndedAt == null || o.EndedAt > from), ct);
            return campaigns.Count == 0 && !anyOffer ? EarningRules.None : new EarningRules(campaigns, anyOffer);
        });

    public ValueTask<EarningRules> GetAsync(CancellationToken ct = default) => _rules.GetAsync(ct);

    private Action? _tellOtherInstances;

    /// <summary>Campaigns or offers changed here: read the rules again, here and, scaled out, on every other instance.</summary>
    public void Invalidate()
    {
        _rules.Invalidate();
        _tellOtherInstances?.Invoke();
    }

    /// <summary>They changed on another instance (heard on <c>loyalty:campaigns-changed</c>): read them again here.</summary>
    public void InvalidateHere() => _rules.Invalidate();

    /// <summary>Set by the Redis scale-out (<c>ScaleOut/RedisCampaignChanges</c>); on one instance nobody else needs telling.</summary>
    public void TellOtherInstancesWith(Action publish) => _tellOtherInstances = publish;
}
