using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Segments;

public sealed record SegmentChip(string Code, string Name);

/// <summary>A member's segments at the last run, for the admin's member page.</summary>
public sealed record MemberSegmentsView(ValueSegment Value, IReadOnlyList<SegmentChip> Segments, IReadOnlyList<string> TopCategories,
    bool PersonalisationConsent, DateTimeOffset ComputedAt);

/// <summary>Reads what the last segment run found for one member; null when no run has included them yet.</summary>
public sealed class GetMemberSegments(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<MemberSegmentsView?> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var insight = await db.MemberInsights.AsNoTracking().SingleOrDefaultAsync(i => i.MemberId == memberId, ct);
        if (insight is null) return null;
        var consent = await db.Members.Where(m => m.Id == memberId).Select(m => m.PersonalisationConsent).SingleOrDefaultAsync(ct);
        var chips = await db.MemberSegments.AsNoTracking().Where(s => s.MemberId == memberId)
            .Join(db.Segments.AsNoTracking(), ms => ms.Code, s => s.Code, (ms, s) => new { s.Code, s.Name })
            .OrderBy(c => c.Name).Select(c => new SegmentChip(c.Code, c.Name)).ToListAsync(ct);
        return new MemberSegmentsView(insight.Value, chips, insight.TopCategories, consent, insight.ComputedAt);
    }
}
