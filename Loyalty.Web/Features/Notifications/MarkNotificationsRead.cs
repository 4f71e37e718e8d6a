using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>Marks one of a member's notifications read, or all of them; every open page of theirs (the bell in each tab) is told.</summary>
public sealed class MarkNotificationsRead(IDbContextFactory<LoyaltyDbContext> dbFactory, IMemberSignals signals, TimeProvider clock)
{
    /// <param name="notificationId">One notification; null for all of the member's unread ones.</param>
    /// <returns>How many were unread and are read now (another member's id is none).</returns>
    public async Task<int> HandleAsync(long memberId, long? notificationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var unread = db.Notifications.Where(n => n.MemberId == memberId && n.ReadAt == null);
        if (notificationId is { } id) unread = unread.Where(n => n.Id == id);
        var marked = await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (marked > 0) signals.Publish(new MemberSignal(memberId, MemberSignalKind.NotificationsChanged));
        return marked;
    }
}
