using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Offers;

public sealed record ReachCount(string Name, int Members);

/// <param name="Members">Members the targeting reaches now.</param>
/// <param name="OutOf">All members.</param>
public sealed record OfferReach(int Members, int OutOf, IReadOnlyList<ReachCount> ByCity, IReadOnlyList<ReachCount> ByTier);

/// <summary>How many members a targeting reaches today, by home city and tier: read in chunks, matched as members see offers.</summary>
public sealed class PreviewOfferReach(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int ChunkSize = 500;

    public async Task<OfferReach> HandleAsync(Targeting targeting, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tierNames = await db.Tiers.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var byCity = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byTier = new Dictionary<int, int>();
        int reached = 0, total = 0;
        long after = 0;
        while (true)
        {
            var ids = await db.Members.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Select(m => m.Id).Take(ChunkSize).ToListAsync(ct);
            if (ids.Count == 0) break;
            after = ids[^1];
            total += ids.Count;
            foreach (var member in (await MemberProfiles.LoadAsync(db, ids, ct)).Values)
            {
                if (targeting.Match(member.Profile, member.Segments) is null) continue;
                reached++;
                var city = string.IsNullOrWhiteSpace(member.Profile.HomeCity) ? "-" : member.Profile.HomeCity.Trim();
                byCity[city] = byCity.GetValueOrDefault(city) + 1;
                byTier[member.Profile.TierId] = byTier.GetValueOrDefault(member.Profile.TierId) + 1;
            }
        }
        return new OfferReach(reached, total,
            byCity.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Select(c => new ReachCount(c.Key, c.Value)).ToList(),
            byTier.OrderByDescending(t => t.Value).Select(t => new ReachCount(tierNames.GetValueOrDefault(t.Key, $"#{t.Key}"), t.Value)).ToList());
    }
}
