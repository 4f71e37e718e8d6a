using Loyalty.Domain.Feedback;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>The average of members' ratings and how many there are, for one reward or offer.</summary>
public sealed record RatingSummary(double Average, int Count);

/// <summary>Average rating and count per reward or per offer, for their admin pages; subjects never rated are absent.</summary>
public sealed class GetRatingSummaries(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyDictionary<int, RatingSummary>> HandleAsync(FeedbackSubjectType type, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Feedback.AsNoTracking().Where(f => f.SubjectType == type && f.SubjectId != null)
            .GroupBy(f => f.SubjectId!.Value)
            .Select(g => new { Id = g.Key, Sum = g.Sum(f => f.Rating), Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new RatingSummary((double)r.Sum / r.Count, r.Count));
    }
}
