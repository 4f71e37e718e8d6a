using System.Globalization;
using System.Runtime.CompilerServices;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

/// <summary>
/// The rows of a feed already folded into the rollups (docs/analytics.md, "Rows read twice"), kept by generation: a row is
/// remembered under its feed and the generation it was folded in (<c>analytics:purchases#0000056</c>, a generation being
/// <see cref="KeptDays"/> days), the current and the last generation are looked in, older ones are deleted a batch per
/// pass. So a row is remembered for <see cref="KeptDays"/> to twice that after it was folded, and the table stops growing.
/// A purchase read again after that is known as folded by the time it was recorded (<see cref="HorizonAsync"/>).
/// </summary>
internal sealed class FoldedRowsMemory(LoyaltyDbContext db, bool sqlServer, DateTimeOffset now, int keptDays)
{
    /// <summary>At most this many rows of expired generations are deleted per pass and feed (a pass stays short).</summary>
    public const int PruneBatch = 5_000;

    public int KeptDays { get; } = Math.Max(1, keptDays);

    private long Generation => DateOnly.FromDateTime(now.UtcDateTime).DayNumber / KeptDays;

    /// <summary>The name rows of <paramref name="feed"/> folded in <paramref name="generation"/> are kept under.</summary>
    public static string FeedName(string feed, long generation) => $"{feed}#{generation.ToString("D7", CultureInfo.InvariantCulture)}";

    /// <summary>The marker (a cursor) saying the memory of <paramref name="feed"/> was started, at the feed position then.</summary>
    public static string StartedMarker(string feed) => feed + ":remembered";

    /// <summary>A row is committed within this long of being recorded (a transaction takes far less; clocks of instances differ by less).</summary>
    public static readonly TimeSpan CommitSlack = TimeSpan.FromHours(1);

    /// <summary>The marker (a cursor holding UTC ticks) of the start of the last pass that read <paramref name="feed"/> to its end.</summary>
    public static string ReadToEndMarker(string feed) => feed + ":read-to-end";

    /// <summary>
    /// The keys of <paramref name="rows"/> not folded before, remembered from now on (they are folded in this transaction),
    /// after starting the memory if it was not and deleting a batch of expired rows. <paramref name="readToEnd"/>: the pass
    /// read every row committed when it started (fewer than a batch), which <see cref="HorizonAsync"/> relies on (purchases).
    /// </summary>
    public async Task<List<string>> NotYetFoldedAsync(string feed, string table, long from, List<AnalyticsFeedRow> rows, bool readToEnd, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var (current, last) = (FeedName(feed, Generation), FeedName(feed, Generation - 1));
        await StartAsync(feed, table, from, current, ct);
        await PruneAsync(feed, last, ct);
        var keys = rows.Select(r => r.Id).ToList();
        var folded = (await db.FoldedFeedRows.AsNoTracking().Where(r => (r.Feed == current || r.Feed == last) && keys.Contains(r.Key))
            .Select(r => r.Key).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var fresh = keys.Where(k => !folded.Contains(k)).ToList();
        if (table == "Purchases" && fresh.Count > 0 && await HorizonAsync(feed, ct) is { } horizon)
        {
            var ids = fresh.Select(k => long.Parse(k, CultureInfo.InvariantCulture)).ToList();
            var before = (await db.Purchases.AsNoTracking().Where(p => ids.Contains(p.Id) && p.RecordedAt < horizon && p.RefundedAmount > 0).Select(p => p.Id).ToListAsync(ct))
                .Select(id => id.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
            fresh = fresh.Where(k => !before.Contains(k)).ToList();
        }
        db.FoldedFeedRows.AddRange(fresh.Select(k => new FoldedFeedRow(current, k)));
        if (readToEnd && table == "Purchases") await MarkReadToEndAsync(feed, ct);
        return fresh;
    }

    /// <summary>
    /// A purchase recorded before this was folded already: it was committed (<see cref="CommitSlack"/>) before a pass that read
    /// the feed to its end started. Capped at the start of the last generation, so the rows remembered still decide for
    /// everything younger (docs/analytics.md, "Rows read twice"). Null until a pass has read the feed to its end (a database
    /// whose history is still being rolled up). Ledger entries have no recorded time (their time is the purchase's, which may
    /// be late): the erasure, their one update, remembers them (<see cref="RememberFoldedLedgerEntriesAsync"/>).
    /// </summary>
    private async Task<DateTimeOffset?> HorizonAsync(string feed, CancellationToken ct)
    {
        var marker = ReadToEndMarker(feed);
        if (await db.ProjectionCursors.AsNoTracking().Where(c => c.Name == marker).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct) is not { } ticks)
            return null;
        var readToEnd = ticks <= CommitSlack.Ticks ? DateTimeOffset.MinValue : new DateTimeOffset(ticks, TimeSpan.Zero) - CommitSlack;
        var lastGeneration = new DateTimeOffset(DateOnly.FromDayNumber((int)((Generation - 1) * KeptDays)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return readToEnd < lastGeneration ? readToEnd : lastGeneration;
    }

    /// <summary>Records that this pass, started at its <c>now</c>, read the feed to its end (one pass at a time gets here: it moved the cursor).</summary>
    private async Task MarkReadToEndAsync(string feed, CancellationToken ct)
    {
        var marker = ReadToEndMarker(feed);
        if (await db.ProjectionCursors.Where(c => c.Name == marker).ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, now.UtcTicks), ct) == 0)
            db.ProjectionCursors.Add(new ProjectionCursor(marker, now.UtcTicks));
    }

    /// <summary>
    /// The first time (no marker): every row at or below the cursor was folded before the memory existed (a database rolled
    /// up before the table came), so each is remembered now, in one statement; rows kept by an earlier version under the
    /// feed's bare name join the current generation.
    /// </summary>
    private async Task StartAsync(string feed, string table, long from, string current, CancellationToken ct)
    {
        var marker = StartedMarker(feed);
        if (await db.ProjectionCursors.AsNoTracking().AnyAsync(c => c.Name == marker, ct)) return;
        await db.FoldedFeedRows.Where(r => r.Feed == feed).ExecuteUpdateAsync(s => s.SetProperty(r => r.Feed, current), ct);
        if (from > 0) await db.Database.ExecuteSqlAsync(FillQuery(sqlServer, table, current, from), ct);
        db.ProjectionCursors.Add(new ProjectionCursor(marker, from));
    }

    /// <summary>Deletes up to <see cref="PruneBatch"/> rows of generations before <paramref name="last"/> (a range of the key).</summary>
    private Task<int> PruneAsync(string feed, string last, CancellationToken ct)
    {
        var first = feed + "#";
        return db.FoldedFeedRows.Where(r => r.Feed.CompareTo(first) >= 0 && r.Feed.CompareTo(last) < 0)
            .Take(PruneBatch).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Called by an update of ledger entries (an erasure redacting their reasons) before it is saved: those of
    /// <paramref name="ids"/> already folded (at or below the ledger cursor) are remembered in the current generation, so
    /// the feed's reading them again is skipped however long ago they were folded (their time cannot tell, unlike a
    /// purchase's: <see cref="HorizonAsync"/>). Nothing when the memory is not kept (never started: SQLite).
    /// </summary>
    public static async Task RememberFoldedLedgerEntriesAsync(LoyaltyDbContext db, IReadOnlyCollection<Guid> ids, DateTimeOffset now, int keptDays,
        CancellationToken ct)
    {
        var name = FeedName(RollUpAnalytics.LedgerCursor, new FoldedRowsMemory(db, false, now, keptDays).Generation);
        var sqlServer = !db.Database.IsSqlite();
        foreach (var id in ids) await db.Database.ExecuteSqlAsync(RememberFoldedQuery(sqlServer, name, id), ct);
    }

    /// <summary>The ledger entry <paramref name="id"/> remembered under <paramref name="name"/> if at or below the ledger cursor and the memory was started; tests parse the SQL Server one.</summary>
    internal static FormattableString RememberFoldedQuery(bool sqlServer, string name, Guid id)
    {
        var (cursor, started) = (RollUpAnalytics.LedgerCursor, StartedMarker(RollUpAnalytics.LedgerCursor));
        if (sqlServer)
            return $"""
                INSERT INTO [FoldedFeedRows] ([Feed], [Key])
                SELECT {name}, CONVERT(nvarchar(40), f.[Id])
                FROM [LedgerEntries] AS f
                INNER JOIN [ProjectionCursors] AS c ON c.[Name] = {cursor}
                WHERE f.[Id] = {id} AND f.[FeedPosition] <= CONVERT(binary(8), c.[Position])
                  AND EXISTS (SELECT 1 FROM [ProjectionCursors] AS m WHERE m.[Name] = {started})
                  AND NOT EXISTS (SELECT 1 FROM [FoldedFeedRows] AS r WHERE r.[Feed] = {name} AND r.[Key] = CONVERT(nvarchar(40), f.[Id]))
                """;
        return $"""
            INSERT INTO "FoldedFeedRows" ("Feed", "Key")
            SELECT {name}, CAST(f."Id" AS TEXT)
            FROM "LedgerEntries" AS f
            INNER JOIN "ProjectionCursors" AS c ON c."Name" = {cursor}
            WHERE f."Id" = {id} AND f."rowid" <= c."Position"
              AND EXISTS (SELECT 1 FROM "ProjectionCursors" AS m WHERE m."Name" = {started})
              AND NOT EXISTS (SELECT 1 FROM "FoldedFeedRows" AS r WHERE r."Feed" = {name} AND r."Key" = CAST(f."Id" AS TEXT))
            """;
    }

    /// <summary>
    /// Remembers under <paramref name="name"/> every row of <paramref name="table"/> at or below the feed position
    /// <paramref name="upTo"/> not remembered there yet; the key as the feed reads it (<see cref="RollUpAnalytics.FeedQuery"/>).
    /// The SQL each provider is sent; tests parse the SQL Server one.
    /// </summary>
    internal static FormattableString FillQuery(bool sqlServer, string table, string name, long upTo)
    {
        if (table is not ("LedgerEntries" or "Purchases")) throw new ArgumentOutOfRangeException(nameof(table), table, "Only the ledger and the purchases have a feed.");
        if (sqlServer)
            return FormattableStringFactory.Create($$"""
                INSERT INTO [FoldedFeedRows] ([Feed], [Key])
                SELECT {0}, CONVERT(nvarchar(40), f.[Id])
                FROM [{{table}}] AS f
                WHERE f.[FeedPosition] <= CONVERT(binary(8), {1})
                  AND NOT EXISTS (SELECT 1 FROM [FoldedFeedRows] AS r WHERE r.[Feed] = {0} AND r.[Key] = CONVERT(nvarchar(40), f.[Id]))
                """, name, upTo);
        return FormattableStringFactory.Create($$"""
            INSERT INTO "FoldedFeedRows" ("Feed", "Key")
            SELECT {0}, CAST(f."Id" AS TEXT)
            FROM "{{table}}" AS f
            WHERE f."rowid" <= {1}
              AND NOT EXISTS (SELECT 1 FROM "FoldedFeedRows" AS r WHERE r."Feed" = {0} AND r."Key" = CAST(f."Id" AS TEXT))
            """, name, upTo);
    }
}
