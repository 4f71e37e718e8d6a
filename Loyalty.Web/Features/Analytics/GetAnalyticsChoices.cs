using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

public sealed record AnalyticsChoice(int Id, string Name);

/// <summary>What the analytics filter bar offers: the members' home cities, the stores, tiers and segments.</summary>
public sealed record AnalyticsChoices(IReadOnlyList<string> Cities, IReadOnlyList<AnalyticsChoice> Stores, IReadOnlyList<AnalyticsChoice> Tiers,
    IReadOnlyList<AnalyticsChoice> Segments);

public sealed class GetAnalyticsChoices(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <summary>The most cities the filter offers (the members' home cities, from their index).</summary>
    public const int MaxCities = 200;

    public async Task<AnalyticsChoices> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cities = await db.Members.AsNoTracking().Where(m => m.HomeCity != "").Select(m => m.HomeCity).Distinct().OrderBy(c => c).Take(MaxCities).ToListAsync(ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.Name).Select(s => new AnalyticsChoice(s.Id, s.Name)).ToListAsync(ct);
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Threshold).Select(t => new AnalyticsChoice(t.Id, t.Name)).ToListAsync(ct);
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new AnalyticsChoice(s.Id, s.Name)).ToListAsync(ct);
        return new AnalyticsChoices(cities, stores, tiers, segments);
    }
}
