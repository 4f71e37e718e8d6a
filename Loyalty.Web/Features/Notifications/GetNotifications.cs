using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>One notification as the inbox lists it (its words are rendered by the page, in the reader's language).</summary>
public sealed record InboxItem(long Id, NotificationKind Kind, string Arguments, DateTimeOffset CreatedAt, bool Read);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total, int Unread);

/// <summary>A member's inbox, newest first, a page at a time; only what they chose to see in the app.</summary>
public sealed class GetNotifications(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int PageSize = 20;

    /// <param name="page">0-based.</param>
    public async Task<InboxPage> HandleAsync(long memberId, int page, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = db.Notifications.AsNoTracking().Where(n => n.MemberId == memberId && n.InApp);
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(Math.Max(page, 0) * PageSize).Take(PageSize)
            .Select(n => new InboxItem(n.Id, n.Kind, n.Arguments, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
        return new InboxPage(items, total, unread);
    }
}

/// <summary>The bell's number: notifications in the app the member has not read.</summary>
public sealed class CountUnreadNotifications(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<int> HandleAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.MemberId == memberId && n.InApp && n.ReadAt == null, ct);
    }
}
