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

    /// <summary>
    /// Adds, to <paramref name="db"/> inside the caller's change, notifications about subjects this change has just made (a
    /// new ledger entry's id in the key): none can exist yet, so nothing is looked up but the members' preferences, in one
    /// query for the batch. For a path that must never fail or retry because of a notification, such as a purchase: the
    /// subject cannot collide with a stored one, so the unique index cannot refuse the change.
    /// </summary>
    public async Task AddNewAsync(LoyaltyDbContext db, NotificationKind kind,
        IReadOnlyList<(long MemberId, string Subject, Dictionary<string, string> Arguments)> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var chosen = await ChooseNotificationChannels.ChosenAsync(db, items.Select(i => i.MemberId).Distinct().ToList(), ct);
        foreach (var (memberId, subject, arguments) in items)
            Add(db, memberId, kind, subject, arguments, NotificationDefaults.Resolve(kind, chosen.GetValueOrDefault(memberId) ?? []));
    }

    /// <summary>Rung when a notification with an e-mail is committed, so the mailer need not wait for its poll.</summary>
    public Mail.NewMailSignal MailDue { get; } = new(clock);

    /// <summary>
    /// For jobs: adds, in one save, each of <paramref name="items"/> the member does not have yet (one query for the batch's
    /// existing subjects, one for their preferences), then tells their pages. A racing instance is stopped by the unique index.
    /// </summary>
    /// <returns>How many were added.</returns>
    public async Task<int> AddMissingAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, NotificationKind kind,
        IReadOnlyList<(long MemberId, string Subject, Dictionary<string, string> Arguments)> items, CancellationToken ct)
    {
        if (items.Count == 0) return 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AddMissingOnceAsync(dbFactory, kind, items, ct);
            }
            catch (DbUpdateException e) when (attempt < 3 && Data.Writing.UniqueViolation.Is(e))
            {
                // Another instance added some of them first: read again what exists and add the rest.
            }
        }
    }

    private async Task<int> AddMissingOnceAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, NotificationKind kind,
        IReadOnlyList<(long MemberId, string Subject, Dictionary<string, string> Arguments)> items, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var memberIds = items.Select(i => i.MemberId).Distinct().ToList();
        var subjects = items.Select(i => i.Subject).Distinct().ToList();
        var done = (await db.Notifications.AsNoTracking().Where(n => n.Kind == kind && memberIds.Contains(n.MemberId) && subjects.Contains(n.SubjectKey))
            .Select(n => new { n.MemberId, n.SubjectKey }).ToListAsync(ct)).Select(n => (n.MemberId, n.SubjectKey)).ToHashSet();
        var chosen = await ChooseNotificationChannels.ChosenAsync(db, memberIds, ct);
        var added = 0;
        foreach (var (memberId, subject, arguments) in items)
        {
            if (!done.Add((memberId, subject))) continue;
            Add(db, memberId, kind, subject, arguments, NotificationDefaults.Resolve(kind, chosen.GetValueOrDefault(memberId) ?? []));
            added++;
        }
        await db.SaveChangesAsync(ct);
        db.RunAfterCommit();
        return added;
    }
}
