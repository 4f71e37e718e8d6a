using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>One row of the preferences form: a kind and how the member hears of it.</summary>
public sealed class ChannelChoice(NotificationKind kind, NotificationChannels channels)
{
    public NotificationKind Kind { get; } = kind;
    public NotificationChannels Channels { get; set; } = channels;
}

/// <summary>
/// A member's notification preferences per kind (in the app, by e-mail, both or off). Only choices that differ from the
/// default are stored, so a better default later reaches everyone who never chose.
/// </summary>
public sealed class ChooseNotificationChannels(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ChannelChoice>> GetAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chosen = await ChosenAsync(db, [memberId], ct);
        var mine = chosen.GetValueOrDefault(memberId) ?? [];
        return [.. NotificationDefaults.Kinds.Select(k => new ChannelChoice(k, NotificationDefaults.Resolve(k, mine)))];
    }

    public async Task SaveAsync(long memberId, IEnumerable<ChannelChoice> choices, CancellationToken ct = default)
    {
        var wanted = choices.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await SaveReadingAgainAsync(db, async () =>
        {
            var stored = await db.NotificationPreferences.Where(p => p.MemberId == memberId).ToDictionaryAsync(p => p.Kind, ct);
            foreach (var choice in wanted)
            {
                var isDefault = choice.Channels == NotificationDefaults.For(choice.Kind);
                if (stored.TryGetValue(choice.Kind, out var row))
                {
                    if (isDefault) db.NotificationPreferences.Remove(row);
                    else row.Channels = choice.Channels;
                }
                else if (!isDefault)
                    db.NotificationPreferences.Add(new NotificationPreference(memberId, choice.Kind, choice.Channels));
            }
        }, ct);
    }

    /// <summary>Turns e-mail off for one kind, keeping the member's in-app choice (the unsubscribe link).</summary>
    internal static Task StopMailAsync(LoyaltyDbContext db, long memberId, NotificationKind kind, CancellationToken ct) =>
        SaveReadingAgainAsync(db, async () =>
        {
            var row = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.MemberId == memberId && p.Kind == kind, ct);
            var channels = (row?.Channels ?? NotificationDefaults.For(kind)) & ~NotificationChannels.Email;
            if (row is null) db.NotificationPreferences.Add(new NotificationPreference(memberId, kind, channels));
            else row.Channels = channels;
        }, ct);

    /// <summary>
    /// Reads, decides and saves; when another request saved the same member's choice in between (two one-click unsubscribes
    /// at once, an unsubscribe and the preferences form, two tabs picking a language), the insert collides or the row is gone:
    /// read again and decide again.
    /// </summary>
    internal static async Task SaveReadingAgainAsync(LoyaltyDbContext db, Func<Task> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await decide();
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < 3 && (e is DbUpdateConcurrencyException || Data.Writing.UniqueViolation.Is(e)))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The stored choices of several members at once (the projector and the mailer read a batch's).</summary>
    internal static async Task<Dictionary<long, Dictionary<NotificationKind, NotificationChannels>>> ChosenAsync(
        LoyaltyDbContext db, IReadOnlyCollection<long> memberIds, CancellationToken ct) =>
        (await db.NotificationPreferences.AsNoTracking().Where(p => memberIds.Contains(p.MemberId)).ToListAsync(ct))
            .GroupBy(p => p.MemberId).ToDictionary(g => g.Key, g => g.ToDictionary(p => p.Kind, p => p.Channels));
}
