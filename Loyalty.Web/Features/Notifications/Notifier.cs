using System.Text.Json;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// How every feature notifies a member: <see cref="AddAsync"/> inside the change that causes it (same context, same
/// transaction), so the notification exists exactly when the change does. Delivery (inbox, bell, e-mail by the member's
/// preference) follows from the stored row.
/// </summary>
public sealed class Notifier(IMemberSignals signals, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds a notification to <paramref name="db"/> (the caller saves) unless the member already has one of this kind about
    /// this subject; returns whether it was added. Once committed, the member's open pages are told: the ledger writer runs
    /// <see cref="LoyaltyDbContext.AfterCommit"/> itself; other callers call <see cref="LoyaltyDbContext.RunAfterCommit"/>
    /// after their save. The unique index on (member, kind, subject) keeps a racing second sender from adding it twice.
    /// </summary>
    public async Task<bool> AddAsync(LoyaltyDbContext db, long memberId, NotificationKind kind, string subjectKey,
        IReadOnlyDictionary<string, string>? arguments, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectKey);
        if (subjectKey.Length > Notification.SubjectKeyMaxLength)
            throw new ArgumentException($"A subject key has at most {Notification.SubjectKeyMaxLength} characters.", nameof(subjectKey));
        if (db.ChangeTracker.Entries<Notification>().Any(e => e.Entity.MemberId == memberId && e.Entity.Kind == kind && e.Entity.SubjectKey == subjectKey)
            || await db.Notifications.AnyAsync(n => n.MemberId == memberId && n.Kind == kind && n.SubjectKey == subjectKey, ct))
            return false;
        var chosen = await db.NotificationPreferences.AsNoTracking().Where(p => p.MemberId == memberId && p.Kind == kind)
            .Select(p => (NotificationChannels?)p.Channels).SingleOrDefaultAsync(ct);
        Add(db, memberId, kind, subjectKey, arguments, chosen ?? NotificationDefaults.For(kind));
        return true;
    }

    /// <summary>
    /// Adds the row as the member's <paramref name="channels"/> say (a job that checked uniqueness and read the preferences of
    /// a whole batch calls this directly). The row is kept even when both channels are off: it is what says "already sent".
    /// </summary>
    internal void Add(LoyaltyDbContext db, long memberId, NotificationKind kind, string subjectKey,
        IReadOnlyDictionary<string, string>? arguments, NotificationChannels channels)
    {
        var json = JsonSerializer.Serialize(arguments ?? new Dictionary<string, string>(), Json);
        if (json.Length > Notification.ArgumentsMaxLength)
            throw new ArgumentException($"A notification's arguments take at most {Notification.ArgumentsMaxLength} characters of JSON.", nameof(arguments));
        var inApp = channels.HasFlag(NotificationChannels.InApp);
        var mail = channels.HasFlag(NotificationChannels.Email);
        db.Notifications.Add(new Notification
        {
            MemberId = memberId, Kind = kind, SubjectKey = subjectKey, Arguments = json, CreatedAt = clock.GetUtcNow(),
            InApp = inApp, Mail = mail ? NotificationMail.Pending : NotificationMail.None,
        });
        if (inApp) db.AfterCommit.Add(() => signals.Publish(new MemberSignal(memberId, MemberSignalKind.NotificationsChanged)));
        if (mail) db.AfterCommit.Add(MailDue.Ring);
    }

    /// <summary>Rung when a notification with an e-mail is committed, so the mailer need not wait for its poll.</summary>
    public Mail.NewMailSignal MailDue { get; } = new(clock);
}
