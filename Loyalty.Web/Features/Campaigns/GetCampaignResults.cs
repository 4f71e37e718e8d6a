using System.Linq.Expressions;
using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>A campaign's measured effect: treated against held-out members, what it cost, and the sales it touched.</summary>
/// <param name="SalesTouched">The qualifying part of the purchases it gave points on: includes sales that would have happened anyway.</param>
public sealed record CampaignResults(int CampaignId, string Name, int HoldoutPercent, CampaignLift Lift, long IssuedPoints, decimal SalesTouched,
    string Currency)
{
    public decimal Cost => Lift.Cost;
}

/// <summary>
/// The campaign's results: its population is the members its targeting reaches now (the approximation: targeting is read
/// as of today, as the purchase path reads it at each purchase), split by <see cref="Campaign.IsHeldOut"/>; each member's
/// qualifying sales are the campaign window's purchases at its stores, on its days, in its category (gross of returns), grouped
/// per member in the database; members without such purchases count as 0.
/// </summary>
public sealed class GetCampaignResults(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<CampaignResults> HandleAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw DomainException.NotFound("campaign.not-found", $"No campaign has the id {id}; go back to the list of campaigns.", field: "id");
        return await ResultsAsync(db, campaign, ct);
    }

    /// <summary>The results of every campaign that ran in [from, to): for the analytics page.</summary>
    public async Task<IReadOnlyList<CampaignResults>> ForWindowAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.Status != CampaignStatus.Draft && c.StartsAt < to && c.EndsAt > from)
            .OrderBy(c => c.StartsAt).ThenBy(c => c.Id).ToListAsync(ct);
        var results = new List<CampaignResults>(campaigns.Count);
        foreach (var campaign in campaigns) results.Add(await ResultsAsync(db, campaign, ct));
        return results;
    }

    private static async Task<CampaignResults> ResultsAsync(LoyaltyDbContext db, Campaign campaign, CancellationToken ct)
    {
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
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
        var lift = CampaignLift.Compute(SalesSample.Of(treated, treatedWithout), SalesSample.Of(holdout, holdoutWithout),
            settings.MoneyValue(campaign.IssuedPoints));
        return new CampaignResults(campaign.Id, campaign.Name, campaign.HoldoutPercent, lift, campaign.IssuedPoints,
            decimal.Round(touched, 2) + 0.00m, settings.Currency);
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
