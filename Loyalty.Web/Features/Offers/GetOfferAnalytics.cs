using System.Globalization;
using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <param name="Uses">Purchases a bonus offer's activations applied to; null for other offers (used at the till, not counted here).</param>
public sealed record OfferUseRow(int OfferId, string Title, OfferType Type, int Activations, int? Uses);

/// <summary>
/// The analytics page's offers: activations in the range per offer, and for bonus offers how many of those activations'
/// uses were spent. Honours the date range only; grouped in the database on the activations' (ActivatedAt) index.
/// </summary>
public sealed class GetOfferAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int TopCount = 15;

    public async Task<IReadOnlyList<OfferUseRow>> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        var (start, end) = filter.Window;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.OfferActivations.AsNoTracking().Where(a => a.ActivatedAt >= start && a.ActivatedAt < end)
            .GroupBy(a => a.OfferId).Select(g => new { g.Key, Count = g.Count(), UsesLeft = g.Sum(a => a.UsesLeft) })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key).Take(TopCount).ToListAsync(ct);
        var ids = counts.Select(c => c.Key).ToList();
        var offers = await db.Offers.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return counts.Where(c => offers.ContainsKey(c.Key)).Select(c =>
        {
            var offer = offers[c.Key];
            int? uses = offer.IsBonus ? c.Count * offer.UsesPerMember - c.UsesLeft : null;
            return new OfferUseRow(offer.Id, offer.Title, offer.Type, c.Count, uses);
        }).ToList();
    }
}

/// <summary>CSV "offers-use": activations and uses per offer.</summary>
public sealed class OfferUseTable(GetOfferAnalytics query) : IAnalyticsTableSource
{
    public const string Name = "offers-use";

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var rows = await query.HandleAsync(filter, ct);
        return new AnalyticsTable($"{Name}.csv", ["offer_id", "offer", "type", "activations", "uses"],
            rows.Select(r => (IReadOnlyList<string>)[r.OfferId.ToString(CultureInfo.InvariantCulture), r.Title, r.Type.ToString(),
                r.Activations.ToString(CultureInfo.InvariantCulture), r.Uses?.ToString(CultureInfo.InvariantCulture) ?? ""]).ToList());
    }
}
