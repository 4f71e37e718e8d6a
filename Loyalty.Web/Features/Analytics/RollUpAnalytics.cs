using System.Runtime.CompilerServices;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Analytics;

/// <summary>
/// Keeps the analytics rollups (docs/analytics.md) up to date without touching the purchase path: each pass reads the next
/// ledger entries and the next purchases in the order they were committed, after two durable cursors that start at 0 (so
/// history is rolled up too), and folds them into <see cref="LedgerDailyRollup"/>, <see cref="SalesDailyRollup"/>,
/// <see cref="MemberMonthActivity"/> and <see cref="CohortCell"/> in the same transaction that moves the cursors; a third
/// cursor reads the redemptions, which with the ledger's cancellations tell <see cref="RewardRollup"/> which days to count again. Run by
/// <c>Jobs/AnalyticsRollupJob</c> every <c>Analytics:RollupPollMilliseconds</c>.
/// </summary>
/// <remarks>
/// Commit order as for the notification projector: the rowid on SQLite, on SQL Server a rowversion column read only below
/// <c>MIN_ACTIVE_ROWVERSION()</c>. Several instances: each cursor moves by a conditional update from the position this pass
/// read, before any rollup row is touched, so of two passes over the same rows one moves it and the other rolls back: a
/// row is counted once. The member's tier and home city are those of the member when the row is rolled up.
/// On SQL Server an update gives a row a new rowversion past the cursor (a return updates its purchase, an erasure redacts
/// ledger reasons), so the feed reads it again: there every folded row is remembered (<see cref="FoldedRowsMemory"/>) for
/// <c>Analytics:FoldedRowsKeptDays</c> and one read again is skipped (a purchase recorded before that, by its time). SQLite's rowid does not move on update, so it needs no such memory.
/// </remarks>
public sealed class RollUpAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider? clock = null, IOptions<AnalyticsOptions>? options = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly int _keptDays = (options?.Value ?? new AnalyticsOptions()).FoldedRowsKeptDays;

    public const string LedgerCursor = "analytics:ledger";
    public const string PurchasesCursor = "analytics:purchases";
    public const string RedemptionsCursor = "analytics:redemptions";
    public const int BatchSize = 1000;

    /// <summary>Whether folded rows are remembered so that one read again is skipped; by default only on SQL Server (see remarks).</summary>
    public bool? RemembersFoldedRows { get; init; }

    /// <returns>The larger of the two counts of rows this pass read (<paramref name="batchSize"/> means more are waiting; 0 when nothing was new or another instance took them).</returns>
    public async Task<int> HandleAsync(int batchSize = BatchSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var startedAt = _clock.GetUtcNow(); // before the feed is read: what was committed then is read by this pass
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sqlServer = !db.Database.IsSqlite();
        var ledgerFrom = await CursorAsync(db, LedgerCursor, ct);
        var purchasesFrom = await CursorAsync(db, PurchasesCursor, ct);
        var redemptionsFrom = await CursorAsync(db, RedemptionsCursor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entries = await db.Database.SqlQuery<AnalyticsFeedRow>(FeedQuery(sqlServer, "LedgerEntries", ledgerFrom, batchSize)).ToListAsync(ct);
        var purchases = await db.Database.SqlQuery<AnalyticsFeedRow>(FeedQuery(sqlServer, "Purchases", purchasesFrom, batchSize)).ToListAsync(ct);
        var redemptions = await db.Database.SqlQuery<AnalyticsFeedRow>(FeedQuery(sqlServer, "Redemptions", redemptionsFrom, batchSize)).ToListAsync(ct);
        if (entries.Count == 0 && purchases.Count == 0 && redemptions.Count == 0) return 0;
        if (entries.Count > 0 && !await MoveAsync(db, LedgerCursor, ledgerFrom, entries[^1].Position, ct)) return 0;
        if (purchases.Count > 0 && !await MoveAsync(db, PurchasesCursor, purchasesFrom, purchases[^1].Position, ct)) return 0;
        if (redemptions.Count > 0 && !await MoveAsync(db, RedemptionsCursor, redemptionsFrom, redemptions[^1].Position, ct)) return 0;

        var memory = RemembersFoldedRows ?? sqlServer ? new FoldedRowsMemory(db, sqlServer, startedAt, _keptDays) : null;
        var entryIds = memory is null ? entries.Select(e => e.Id).ToList()
            : await memory.NotYetFoldedAsync(LedgerCursor, "LedgerEntries", ledgerFrom, entries, entries.Count < batchSize, ct);
        var purchaseIds = memory is null ? purchases.Select(p => p.Id).ToList()
            : await memory.NotYetFoldedAsync(PurchasesCursor, "Purchases", purchasesFrom, purchases, purchases.Count < batchSize, ct);
        if (entryIds.Count > 0) await FoldLedgerAsync(db, entryIds, ct);
        if (purchaseIds.Count > 0)
            await FoldPurchasesAsync(db, purchaseIds.Select(id => long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList(), ct);
        // Every entry and redemption read, remembered or not: counting a day again is harmless (docs/analytics.md, "Rewards").
        var changed = entries.Count == 0 ? new List<Guid>() : await RewardRollup.CancelledByAsync(db, entries.Select(e => Guid.Parse(e.Id)).ToList(), ct);
        changed.AddRange(redemptions.Select(r => Guid.Parse(r.Id)));
        await RewardRollup.RecountAsync(db, changed, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Math.Max(Math.Max(entries.Count, purchases.Count), redemptions.Count);
    }

    private static async Task FoldLedgerAsync(LoyaltyDbContext db, List<string> ids, CancellationToken ct)
    {
        var guids = ids.Select(Guid.Parse).ToList();
        var rows = await db.LedgerEntries.AsNoTracking().Where(e => guids.Contains(e.Id))
            .Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new { e.OccurredAt, e.Kind, e.Source, e.Points, m.TierId, m.HomeCity })
            .ToListAsync(ct);
        var groups = rows.GroupBy(r => (Day: DayOf(r.OccurredAt), r.Kind, r.Source, r.TierId, City: r.HomeCity ?? ""))
            .Select(g => (g.Key, Entries: (long)g.Count(), Points: g.Sum(r => r.Points))).ToList();
        var days = groups.Select(g => g.Key.Day).Distinct().ToList();
        var cities = groups.Select(g => g.Key.City).Distinct().ToList();
        var existing = (await db.LedgerDailyRollups.Where(r => days.Contains(r.Day) && cities.Contains(r.City)).ToListAsync(ct))
            .ToDictionary(r => (r.Day, r.Kind, r.Source, r.TierId, r.City));
        foreach (var (key, count, points) in groups)
        {
            if (!existing.TryGetValue(key, out var rollup))
                db.LedgerDailyRollups.Add(rollup = new LedgerDailyRollup(key.Day, key.Kind, key.Source, key.TierId, key.City));
            rollup.Entries += count;
            rollup.Points += points;
        }
    }

    private static async Task FoldPurchasesAsync(LoyaltyDbContext db, List<long> purchaseIds, CancellationToken ct)
    {
        var order = purchaseIds.Select((id, at) => (id, at)).ToDictionary(x => x.id, x => x.at); // commit order
        var rows = (await db.Purchases.AsNoTracking().Where(p => purchaseIds.Contains(p.Id))
            .Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.Id, p.OccurredAt, p.StoreId, p.Amount, p.MemberId, m.TierId, m.HomeCity, m.JoinedAt })
            .ToListAsync(ct)).OrderBy(p => order[p.Id]).ToList();

        var sales = rows.GroupBy(r => (Day: DayOf(r.OccurredAt), r.StoreId, r.TierId, City: r.HomeCity ?? ""))
            .Select(g => (g.Key, Count: (long)g.Count(), Amount: g.Sum(r => r.Amount))).ToList();
        var days = sales.Select(s => s.Key.Day).Distinct().ToList();
        var stores = sales.Select(s => s.Key.StoreId).Distinct().ToList();
        var existingSales = (await db.SalesDailyRollups.Where(r => days.Contains(r.Day) && stores.Contains(r.StoreId)).ToListAsync(ct))
            .ToDictionary(r => (r.Day, r.StoreId, r.TierId, r.City));
        foreach (var (key, count, amount) in sales)
        {
            if (!existingSales.TryGetValue(key, out var rollup))
                db.SalesDailyRollups.Add(rollup = new SalesDailyRollup(key.Day, key.StoreId, key.TierId, key.City));
            rollup.Purchases += count;
            rollup.Amount += amount;
        }

        var memberIds = rows.Select(r => r.MemberId).Distinct().ToList();
        var months = rows.Select(r => MonthOf(r.OccurredAt)).Distinct().ToList();
        var activity = (await db.MemberMonthActivities.Where(a => memberIds.Contains(a.MemberId) && months.Contains(a.Month)).ToListAsync(ct))
            .ToDictionary(a => (a.MemberId, a.Month));
        var cells = (await db.CohortCells.Where(c => months.Contains(c.Month)).ToListAsync(ct)).ToDictionary(c => (c.JoinMonth, c.Month));
        foreach (var row in rows)
        {
            var month = MonthOf(row.OccurredAt);
            if (!activity.TryGetValue((row.MemberId, month), out var active))
                db.MemberMonthActivities.Add(activity[(row.MemberId, month)] = active = new MemberMonthActivity(row.MemberId, month));
            active.Purchases++;
            if (active.Purchases > 2) continue;
            var cellKey = (MonthOf(row.JoinedAt), month);
            if (!cells.TryGetValue(cellKey, out var cell)) db.CohortCells.Add(cells[cellKey] = cell = new CohortCell(cellKey.Item1, month));
            if (active.Purchases == 1) cell.Active++;
            else cell.Repeat++;
        }
    }

    /// <summary>The UTC day of a moment.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The first day of the UTC calendar month of a moment.</summary>
    public static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);

    private static async Task<long> CursorAsync(LoyaltyDbContext db, string name, CancellationToken ct)
    {
        if (await db.ProjectionCursors.AsNoTracking().Where(c => c.Name == name).Select(c => (long?)c.Position).SingleOrDefaultAsync(ct) is { } at)
            return at;
        db.ProjectionCursors.Add(new ProjectionCursor(name, 0)); // from the start: history is rolled up too
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Data.Writing.UniqueViolation.Is(e))
        {
            // another instance started it
        }
        db.ChangeTracker.Clear();
        return 0;
    }

    /// <summary>Moves the cursor only from where this pass read it; false when another instance moved it first.</summary>
    private static async Task<bool> MoveAsync(LoyaltyDbContext db, string name, long from, long to, CancellationToken ct) =>
        await db.ProjectionCursors.Where(c => c.Name == name && c.Position == from).ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, to), ct) == 1;

    /// <summary>
    /// The next rows of <paramref name="table"/> after <paramref name="after"/>, in commit order, with their key as text (the
    /// SQL each provider is sent; tests parse the SQL Server one).
    /// </summary>
    internal static FormattableString FeedQuery(bool sqlServer, string table, long after, int take)
    {
        if (table is not ("LedgerEntries" or "Purchases" or "Redemptions"))
            throw new ArgumentOutOfRangeException(nameof(table), table, "Only the ledger, the purchases and the redemptions have a feed.");
        if (sqlServer)
            return FormattableStringFactory.Create($$"""
                SELECT TOP ({0}) CONVERT(bigint, [FeedPosition]) AS [Position], CONVERT(nvarchar(40), [Id]) AS [Id]
                FROM [{{table}}]
                WHERE [FeedPosition] > CONVERT(binary(8), {1}) AND [FeedPosition] < MIN_ACTIVE_ROWVERSION()
                ORDER BY [FeedPosition]
                """, take, after);
        return FormattableStringFactory.Create($$"""
            SELECT "rowid" AS "Position", CAST("Id" AS TEXT) AS "Id"
            FROM "{{table}}"
            WHERE "rowid" > {0}
            ORDER BY "rowid"
            LIMIT {1}
            """, after, take);
    }
}

/// <summary>A row's place in commit order and its key as text (a ledger entry's or a redemption's Guid, a purchase's number).</summary>
public sealed class AnalyticsFeedRow
{
    public long Position { get; set; }
    public string Id { get; set; } = "";
}
