using System.Linq.Expressions;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>What a campaign's measurement found: the treated and held-out samples and the sales it gave points on.</summary>
public sealed record CampaignMeasure(SalesSample Treated, SalesSample Holdout, decimal SalesTouched, DateTimeOffset MeasuredAt)
{
    public static CampaignMeasure Of(CampaignResultSnapshot s) => new(new SalesSample(s.TreatedMembers, s.TreatedSales, s.TreatedSquares),
        new SalesSample(s.HoldoutMembers, s.HoldoutSales, s.HoldoutSquares), s.SalesTouched, s.ComputedAt);

    public void CopyTo(CampaignResultSnapshot s)
    {
        (s.TreatedMembers, s.TreatedSales, s.TreatedSquares) = (Treated.Members, Treated.Total, Treated.SumOfSquares);
        (s.HoldoutMembers, s.HoldoutSales, s.HoldoutSquares) = (Holdout.Members, Holdout.Total, Holdout.SumOfSquares);
        (s.SalesTouched, s.ComputedAt) = (SalesTouched, MeasuredAt);
    }
}

/// <summary>
/// Measures a campaign: its population is the members its targeting reaches now (the approximation: targeting is read as of
/// the measurement, as the purchase path reads it at each purchase), split by <see cref="Campaign.IsHeldOut"/>; each member's
/// qualifying sales are the campaign window's purchases at its stores, on its days, in its category (gross of returns), grouped
/// per member in the database; members without such purchases count as 0. It reads the window's purchases: the analytics
/// page reads the stored result instead (docs/campaigns.md, "Results on the analytics page").
/// </summary>
internal static class CampaignMeasurement
{
    public static async Task<CampaignMeasure> MeasureAsync(LoyaltyDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var population = await PopulationAsync(db, campaign, ct);
        var sales = await SalesPerMemberAsync(db, campaign, ct);
        var (treated, holdout) = (new List<decimal>(), new List<decimal>());
        var (treatedWithout, holdoutWithout) = (0L, 0L);
        foreach (var memberId in population)
        {
            var heldOut = campaign.IsHeldOut(memberId);
            if (sales.TryGetValue(memberId, out var s) && s != 0) (heldOut ? holdout : treated).Add(s);
            else if (heldOut) holdoutWithout++;
            else treatedWithout++;
        }
        var touched = await db.CampaignIssues.AsNoTracking().Where(i => i.CampaignId == campaign.Id).SumAsync(i => i.Sales, ct);
        // To the millisecond, as it is stored (the ticks converter keeps a tenth of a millisecond), so stored and returned agree.
        var measuredAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return new CampaignMeasure(SalesSample.Of(treated, treatedWithout), SalesSample.Of(holdout, holdoutWithout),
            decimal.Round(touched, 2) + 0.00m, measuredAt);
    }

    /// <summary>Members who had joined by the campaign's end and whom its targeting reaches.</summary>
    private static async Task<IReadOnlyList<long>> PopulationAsync(LoyaltyDbContext db, Campaign campaign, CancellationToken ct)
    {
        var members = db.Members.AsNoTracking().Where(m => m.JoinedAt < campaign.EndsAt);
        var targeting = campaign.Targeting;
        if (targeting.IsEveryone) return await members.Select(m => m.Id).ToListAsync(ct);
        if (targeting.TierIds.Count > 0)
        {
            var tiers = targeting.TierIds.ToList();
            members = members.Where(m => tiers.Contains(m.TierId));
        }
        var rows = await members
            .GroupJoin(db.MemberInsights.AsNoTracking(), m => m.Id, i => i.MemberId, (m, i) => new { m, i })
            .SelectMany(x => x.i.DefaultIfEmpty(), (x, i) => new { x.m.Id, x.m.TierId, x.m.HomeCity, x.m.BirthDate, x.m.PersonalisationConsent, Insight = i })
            .ToListAsync(ct);
        var codes = targeting.SegmentCodes.ToList();
        var segments = codes.Count == 0 ? null
            : (await db.MemberSegments.AsNoTracking().Where(s => codes.Contains(s.Code)).Select(s => new { s.MemberId, s.Code }).ToListAsync(ct))
                .ToLookup(s => s.MemberId, s => s.Code);
        var reached = new List<long>(rows.Count);
        foreach (var r in rows)
        {
            var profile = new MemberProfile(r.Id, r.TierId, r.HomeCity, r.BirthDate, r.Insight?.Value ?? ValueSegment.Low,
                r.Insight?.TopCategories ?? [], r.Insight?.LastActivityAt, r.PersonalisationConsent);
            var memberCodes = segments is null ? [] : segments[r.Id].ToHashSet(StringComparer.Ordinal);
            memberCodes.Add(SegmentCodes.For(profile.Value));
            if (targeting.Match(profile, memberCodes) is not null) reached.Add(r.Id);
        }
        return reached;
    }

    /// <summary>Qualifying sales per member in the campaign's window, stores, days and category: one grouped query.</summary>
    private static async Task<Dictionary<long, decimal>> SalesPerMemberAsync(LoyaltyDbContext db, Campaign campaign, CancellationToken ct)
    {
        var purchases = db.Purchases.AsNoTracking().Where(p => p.OccurredAt >= campaign.StartsAt && p.OccurredAt < campaign.EndsAt);
        if (campaign.StoreIds.Count > 0)
        {
            var stores = campaign.StoreIds.ToList();
            purchases = purchases.Where(p => stores.Contains(p.StoreId));
        }
        if (campaign.Days != DaysOfWeek.None) purchases = purchases.Where(OnDays(campaign));
        if (campaign.Category is not { } category)
            return await purchases.GroupBy(p => p.MemberId).Select(g => new { g.Key, Sales = g.Sum(p => p.Amount) })
                .ToDictionaryAsync(x => x.Key, x => x.Sales, ct);
        var code = category.ToLowerInvariant();
        return await purchases.SelectMany(p => p.Items, (p, i) => new { p.MemberId, i.Category, i.Quantity, i.UnitPrice })
            .Where(i => i.Category.ToLower() == code)
            .GroupBy(i => i.MemberId).Select(g => new { g.Key, Sales = g.Sum(i => i.Quantity * i.UnitPrice) })
            .ToDictionaryAsync(x => x.Key, x => decimal.Round(x.Sales, 2), ct);
    }

    /// <summary>
    /// The campaign's days as time ranges (consecutive days merged: a weekend is one range a week), since "day of week" is not
    /// translated alike by both database providers.
    /// </summary>
    internal static Expression<Func<Purchase, bool>> OnDays(Campaign campaign)
    {
        var p = Expression.Parameter(typeof(Purchase), "p");
        var at = Expression.Property(p, nameof(Purchase.OccurredAt));
        Expression? any = null;
        foreach (var (from, to) in DayRanges(campaign))
        {
            var range = Expression.AndAlso(Expression.GreaterThanOrEqual(at, Expression.Constant(from)), Expression.LessThan(at, Expression.Constant(to)));
            any = any is null ? range : Expression.OrElse(any, range);
        }
        return Expression.Lambda<Func<Purchase, bool>>(any ?? Expression.Constant(false), p);
    }

    internal static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> DayRanges(Campaign campaign)
    {
        DateTimeOffset? open = null;
        var day = new DateTimeOffset(campaign.StartsAt.UtcDateTime.Date, TimeSpan.Zero);
        for (; day < campaign.EndsAt; day = day.AddDays(1))
        {
            if (campaign.AppliesOn(day.DayOfWeek)) open ??= Max(day, campaign.StartsAt);
            else if (open is { } start)
            {
                yield return (start, day);
                open = null;
            }
        }
        if (open is { } last) yield return (last, campaign.EndsAt);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
