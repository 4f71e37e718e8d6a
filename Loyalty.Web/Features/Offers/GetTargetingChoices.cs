using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

/// <summary>What the targeting fields of the offer and campaign forms offer to pick from.</summary>
public sealed record TargetingChoices(
    IReadOnlyList<Choice<int>> Tiers,
    IReadOnlyList<Choice<string>> Segments,
    IReadOnlyList<string> Cities,
    IReadOnlyList<Choice<string>> Categories,
    IReadOnlyList<Choice<int>> Stores)
{
    public static readonly TargetingChoices None = new([], [], [], [], []);
}

/// <summary>Tiers by threshold, value and rule segments, cities and stores, categories: one list for offers and campaigns alike.</summary>
public sealed class GetTargetingChoices(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<TargetingChoices> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Threshold).Select(t => new Choice<int>(t.Id, t.Name)).ToListAsync(ct);
        var rules = await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new Choice<string>(s.Code, s.Name)).ToListAsync(ct);
        var stores = await db.Stores.AsNoTracking().OrderBy(s => s.City).ThenBy(s => s.Name).ToListAsync(ct);
        var categories = await db.EarningCategories.AsNoTracking().OrderBy(c => c.Name).Select(c => new Choice<string>(c.Code, c.Name)).ToListAsync(ct);
        return new TargetingChoices(
            tiers,
            SegmentCodes.Reserved.Select(c => new Choice<string>(c, c)).Concat(rules).ToList(),
            stores.Select(s => s.City).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
            categories,
            stores.ConvertAll(s => new Choice<int>(s.Id, $"{s.Name} ({s.City})")));
    }
}
