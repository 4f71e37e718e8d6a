using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>The one way features notify a member: once per (kind, subject), told to the member's open pages only after the commit.</summary>
public sealed class NotifierTests
{
    [Fact]
    public async Task A_notification_is_stored_once_per_subject_and_signalled_only_after_the_commit()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var notifier = app.Services.GetRequiredService<Notifier>();
        var signals = new List<MemberSignal>();
        using var subscription = app.Services.GetRequiredService<IMemberSignals>().Subscribe(memberId, s => { lock (signals) signals.Add(s); });
        var factory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var ct = TestContext.Current.CancellationToken;

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            Assert.True(await notifier.AddAsync(db, memberId, NotificationKind.GiftReceived, "gift:1", new Dictionary<string, string> { ["points"] = "50" }, ct));
            Assert.False(await notifier.AddAsync(db, memberId, NotificationKind.GiftReceived, "gift:1", null, ct)); // same subject, same save
            await db.SaveChangesAsync(ct);
            Assert.Empty(signals); // saved, but the caller has not said it committed
            db.RunAfterCommit();
        }
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            Assert.False(await notifier.AddAsync(db, memberId, NotificationKind.GiftReceived, "gift:1", null, ct)); // a job running twice
            Assert.True(await notifier.AddAsync(db, memberId, NotificationKind.VoucherUsed, "gift:1", null, ct)); // another kind
            await db.SaveChangesAsync(ct);
            db.RunAfterCommit();
        }

        await using var check = await factory.CreateDbContextAsync(ct);
        var stored = await check.Notifications.Where(n => n.MemberId == memberId).OrderBy(n => n.Id).ToListAsync(ct);
        Assert.Equal([NotificationKind.GiftReceived, NotificationKind.VoucherUsed], stored.Select(n => n.Kind));
        Assert.Equal("""{"points":"50"}""", stored[0].Arguments);
        Assert.Equal([MemberSignalKind.NotificationsChanged, MemberSignalKind.NotificationsChanged], signals.Select(s => s.Kind));
    }

    [Fact]
    public async Task A_second_sender_racing_past_the_check_is_stopped_by_the_unique_index()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var notifier = app.Services.GetRequiredService<Notifier>();
        var factory = app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var ct = TestContext.Current.CancellationToken;
        await using var first = await factory.CreateDbContextAsync(ct);
        await using var second = await factory.CreateDbContextAsync(ct);

        Assert.True(await notifier.AddAsync(first, memberId, NotificationKind.PointsExpiring, "lot:7", null, ct));
        Assert.True(await notifier.AddAsync(second, memberId, NotificationKind.PointsExpiring, "lot:7", null, ct)); // both checked before either saved
        await first.SaveChangesAsync(ct);

        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(ct));
    }
}
