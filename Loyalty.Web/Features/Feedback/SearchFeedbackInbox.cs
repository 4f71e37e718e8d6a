using Loyalty.Domain.Feedback;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Feedback;

/// <summary>The staff inbox's filters: all may be combined; <see cref="Text"/> matches the comment, the subject or the member.</summary>
public sealed record FeedbackInboxFilter(bool UnansweredOnly = false, bool LowRatingsOnly = false, FeedbackSubjectType? SubjectType = null, string? Text = null)
{
    /// <summary>Ratings at or below this are "low".</summary>
    public const int LowRating = 2;
}

public sealed record FeedbackInboxRow(long Id, FeedbackSubjectType SubjectType, string SubjectName, int Rating, string? Comment, bool Hidden,
    string MemberName, DateTimeOffset CreatedAt, DateTimeOffset? AnsweredAt, int Messages);

public sealed record FeedbackInboxPage(IReadOnlyList<FeedbackInboxRow> Rows, int Total);

/// <summary>
/// Staff find feedback, most recently active first, a page at a time. Hidden text is neither shown nor searched unless the
/// reader is an admin (<c>revealHidden</c>).
/// </summary>
public sealed class SearchFeedbackInbox(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<FeedbackInboxPage> HandleAsync(FeedbackInboxFilter filter, bool revealHidden, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Feedback.AsNoTracking().Join(db.Members, f => f.MemberId, m => m.Id, (f, m) => new { f, m.DisplayName });
        if (filter.UnansweredOnly) query = query.Where(x => x.f.AnsweredAt == null);
        if (filter.LowRatingsOnly) query = query.Where(x => x.f.Rating <= FeedbackInboxFilter.LowRating);
        if (filter.SubjectType is { } type) query = query.Where(x => x.f.SubjectType == type);
        var term = (filter.Text ?? "").Trim();
        if (term.Length > 0)
        {
            // LIKE ignores case on both providers (SQLite for ASCII, SQL Server by its default collation); the term is literal.
            var pattern = "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_").Replace("[", @"\[") + "%";
            query = query.Where(x => EF.Functions.Like(x.f.SubjectName, pattern, @"\") || EF.Functions.Like(x.DisplayName, pattern, @"\")
                                     || ((revealHidden || x.f.HiddenAt == null) && x.f.Comment != null && EF.Functions.Like(x.f.Comment, pattern, @"\")));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.f.LastActivityAt).ThenByDescending(x => x.f.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(x => new FeedbackInboxRow(x.f.Id, x.f.SubjectType, x.f.SubjectName, x.f.Rating,
                revealHidden || x.f.HiddenAt == null ? x.f.Comment : null, x.f.HiddenAt != null, x.DisplayName, x.f.CreatedAt, x.f.AnsweredAt,
                x.f.Messages.Count))
            .ToListAsync(ct);
        return new FeedbackInboxPage(rows, total);
    }
}
