using System.Globalization;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// "You earned…" and "points taken back" without touching the purchase path: reads ledger entries in the order they were
/// committed, after a durable cursor, and adds one notification per entry (subject <c>ledger:{entryId}</c>) in the same
/// transaction that moves the cursor. Run by <c>Jobs/NotificationProjector</c> about twice a second.
/// </summary>
/// <remarks>
/// Commit order: on SQLite the rowid (one writer at a time, entries never deleted); on SQL Server a rowversion column read
/// only below <c>MIN_ACTIVE_ROWVERSION()</c>, so an entry of a transaction still open is never skipped. Several instances:
/// the cursor moves by a conditional update from the position this pass read, so of two passes over the same entries one
/// commits and the other rolls back; the unique index on (member, kind, subject) is the last guard.
/// <para>
/// The first run on a database (a fresh one, or one that had a ledger before notifications existed) starts the cursor at
/// the current end of the feed (<see cref="StartAsync"/>, called when the app starts), so history is never announced: only
/// entries committed from then on are news.
/// </para>
/// </remarks>
public sealed class ProjectLedgerToNotifications(IDbContextFactory<LoyaltyDbContext> dbFactory, Notifier notifier,
    TimeProvider clock)
{
    public const string CursorName = "notifications:ledger";
    public const int BatchSize = 500;

    /// <summary>Entries older than this when first read (history at the first start, a till's late purchase beyond it) tell nobody anything.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(31);

    /// <returns>How many entries this pass read (0 when there was nothing new or another instance took them).</returns>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sqlServer = !db.Database.IsSqlite();
        var from = await db.ProjectionCursors.AsNoTracking().Where(c => c.Name == CursorName).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct);
        if (from is null)
        {
            await StartAsync(db, ct);
            return 0; // everything up to here is history
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var feed = await db.Database.SqlQuery<LedgerFeedRow>(FeedQuery(sqlServer, from.Value)).ToListAsync(ct);
        if (feed.Count == 0) return 0;
        var moved = await db.ProjectionCursors.Where(c => c.Name == CursorName && c.Position == from.Value)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, feed[^1].Position), ct);
        if (moved != 1) return 0; // another instance is past these entries

        var ids = feed.Select(f => f.Id).ToList();
        var oldest = clock.GetUtcNow() - MaxAge;
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.Id) && e.OccurredAt >= oldest).ToListAsync(ct);
        var news = entries.Select(e => (Entry: e, Kind: KindOf(e))).Where(x => x.Kind is not null)
            .Select(x => (x.Entry, Kind: x.Kind!.Value, Subject: $"ledger:{x.Entry.Id}")).ToList();
        if (news.Count > 0)
        {
            var memberIds = news.Select(n => n.Entry.MemberId).Distinct().ToList();
            var subjects = news.Select(n => n.Subject).ToList();
            var done = (await db.Notifications.AsNoTracking().Where(n => memberIds.Contains(n.MemberId) && subjects.Contains(n.SubjectKey))
                .Select(n => n.SubjectKey).ToListAsync(ct)).ToHashSet();
            var chosen = await ChooseNotificationChannels.ChosenAsync(db, memberIds, ct);
            foreach (var (entry, kind, subject) in news.Where(n => !done.Contains(n.Subject)))
            {
                var channels = NotificationDefaults.Resolve(kind, chosen.GetValueOrDefault(entry.MemberId) ?? []);
                notifier.Add(db, entry.MemberId, kind, subject, new Dictionary<string, string>
                {
                    ["points"] = Math.Abs(entry.Points).ToString(CultureInfo.InvariantCulture),
                    ["reason"] = entry.Reason, // coded: NotificationText renders it in the reader's language
                }, channels);
            }
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        db.RunAfterCommit();
        return feed.Count;
    }

    /// <summary>
    /// Which entries a member hears of here: credits and debits they did not start themselves. Redemptions, gifts and referral
    /// bonuses have their own notifications; expiry was announced 30 days before; an opening balance is not news.
    /// </summary>
    internal static NotificationKind? KindOf(LedgerEntry e) => e.Kind switch
    {
        LedgerEntryKind.Redeem or LedgerEntryKind.Expire or LedgerEntryKind.Transfer => null,
        _ when e.Source is LedgerSource.Referral or LedgerSource.Import => null,
        LedgerEntryKind.Reverse => NotificationKind.PointsTakenBack,
        _ when e.Points > 0 => NotificationKind.PointsEarned,
        _ when e.Points < 0 => NotificationKind.PointsTakenBack,
        _ => null,
    };

    /// <summary>
    /// Starts the cursor at the current end of the feed unless it exists (the app calls this when it starts, before any
    /// pass): ledger entries committed before notifications existed are history, not news. Of two instances starting
    /// together one adds the cursor; the other finds it there.
    /// </summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ProjectionCursors.AnyAsync(c => c.Name == CursorName, ct)) await StartAsync(db, ct);
    }

    private static async Task StartAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var end = await db.Database.SqlQuery<long>(EndQuery(!db.Database.IsSqlite())).SingleOrDefaultAsync(ct);
        db.ProjectionCursors.Add(new ProjectionCursor(CursorName, end));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Data.Writing.UniqueViolation.Is(e))
        {
            // another instance started it
        }
    }

    /// <summary>The next entries after <paramref name="after"/>, in commit order (the SQL each provider is sent; tests parse the SQL Server one).</summary>
    internal static FormattableString FeedQuery(bool sqlServer, long after)
    {
        if (sqlServer)
            return $"""
                SELECT TOP ({BatchSize}) CONVERT(bigint, [FeedPosition]) AS [Position], [Id]
                FROM [LedgerEntries]
                WHERE [FeedPosition] > CONVERT(binary(8), {after}) AND [FeedPosition] < MIN_ACTIVE_ROWVERSION()
                ORDER BY [FeedPosition]
                """;
        return $"""
            SELECT "rowid" AS "Position", "Id"
            FROM "LedgerEntries"
            WHERE "rowid" > {after}
            ORDER BY "rowid"
            LIMIT {BatchSize}
            """;
    }

    /// <summary>
    /// The feed's current end: the last position a pass could read now (0 for an empty ledger). On SQL Server only below
    /// <c>MIN_ACTIVE_ROWVERSION()</c>: an entry of a transaction still open lies beyond it and is read later, as news.
    /// </summary>
    internal static FormattableString EndQuery(bool sqlServer)
    {
        if (sqlServer)
            return $"""
                SELECT COALESCE((SELECT TOP (1) CONVERT(bigint, [FeedPosition])
                    FROM [LedgerEntries]
                    WHERE [FeedPosition] < MIN_ACTIVE_ROWVERSION()
                    ORDER BY [FeedPosition] DESC), 0) AS [Value]
                """;
        return $"""
            SELECT COALESCE(MAX("rowid"), 0) AS "Value"
            FROM "LedgerEntries"
            """;
    }
}

/// <summary>A ledger entry's place in commit order.</summary>
public sealed class LedgerFeedRow
{
    public long Position { get; set; }
    public Guid Id { get; set; }
}
