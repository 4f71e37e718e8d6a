using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Segments;

/// <summary>A member as targeting sees them: profile facts and the segments the last segment run put them in.</summary>
public sealed record TargetedMember(MemberProfile Profile, IReadOnlySet<string> Segments);

/// <summary>Reads members for targeting offers and campaigns, from the member row and the last segment run.</summary>
public static class MemberProfiles
{
    public static async Task<IReadOnlyDictionary<long, TargetedMember>> LoadAsync(LoyaltyDbContext db, IReadOnlyCollection<long> memberIds,
        CancellationToken ct)
    {
        if (memberIds.Count == 0) return new Dictionary<long, TargetedMember>();
        var ids = memberIds.Distinct().ToList();
        var rows = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id))
            .GroupJoin(db.MemberInsights.AsNoTracking(), m => m.Id, i => i.MemberId, (m, i) => new { m, i })
            .SelectMany(x => x.i.DefaultIfEmpty(), (x, i) => new
            {
                x.m.Id, x.m.TierId, x.m.HomeCity, x.m.BirthDate, x.m.PersonalisationConsent, Insight = i,
            })
            .ToListAsync(ct);
        var segments = (await db.MemberSegments.AsNoTracking().Where(s => ids.Contains(s.MemberId)).ToListAsync(ct))
            .ToLookup(s => s.MemberId, s => s.Code);
        return rows.ToDictionary(r => r.Id, r =>
        {
            var profile = new MemberProfile(r.Id, r.TierId, r.HomeCity, r.BirthDate, r.Insight?.Value ?? ValueSegment.Low,
                r.Insight?.TopCategories ?? [], r.Insight?.LastActivityAt, r.PersonalisationConsent);
            var codes = segments[r.Id].ToHashSet(StringComparer.Ordinal);
            codes.Add(SegmentCodes.For(profile.Value));
            return new TargetedMember(profile, codes);
        });
    }
}
