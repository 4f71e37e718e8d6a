using System.Diagnostics;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;

// The only raw SQL here names one of three constant tables ("LedgerEntries", "Purchases", "Redemptions"), never input.
#pragma warning disable EF1003

namespace Loyalty.Bench;

internal static partial class DataGenerator
{
    /// <summary>
    /// Brings the analytics rollups up to date, so an app started on the file does not begin with a 2,000,000-row backlog:
    /// computes in one read of the ledger and one of the purchases (each joined to its member: tier and home city as they are
    /// now, as <see cref="RollUpAnalytics"/> reads them when it rolls a row up) exactly what the job's passes add up to, and
    /// the rewards' days from one read of the redemptions (issued that day and not cancelled, as the job counts a day),
    /// replaces the five rollup tables with it and moves the three cursors to the last rowid, in one transaction. On a file the job
    /// has partly rolled up it starts again from nothing. The app's job run to the end gives the same rows (<c>rollup
    /// &lt;file&gt; --compare</c> checks it on a copy; its passes are too slow for 2,000,000 rows). Ends with <see cref="RollupCheckAsync"/>.
    /// </summary>
    public static async Task<string> RollUpAsync(string file)
    {
        var watch = Stopwatch.StartNew();
        await using var db = Open(file);
        await db.Database.MigrateAsync(); // a file made by an earlier version gets the tables added since
        await db.Database.OpenConnectionAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ledger = new Dictionary<(DateOnly, Domain.Ledger.LedgerEntryKind, Domain.Ledger.LedgerSource, int, string), LedgerDailyRollup>();
        await foreach (var e in db.LedgerEntries.AsNoTracking()
                           .Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new { e.OccurredAt, e.Kind, e.Source, e.Points, m.TierId, m.HomeCity })
                           .AsAsyncEnumerable())
        {
            var key = (RollUpAnalytics.DayOf(e.OccurredAt), e.Kind, e.Source, e.TierId, e.HomeCity ?? "");
            if (!ledger.TryGetValue(key, out var rollup)) ledger[key] = rollup = new LedgerDailyRollup(key.Item1, key.Kind, key.Source, key.TierId, key.Item5);
            rollup.Entries++;
            rollup.Points += e.Points;
        }
        var sales = new Dictionary<(DateOnly, int, int, string), SalesDailyRollup>();
        var activity = new Dictionary<(long, DateOnly), MemberMonthActivity>();
        var cohorts = new Dictionary<(DateOnly, DateOnly), CohortCell>();
        await foreach (var p in db.Purchases.AsNoTracking().OrderBy(p => p.Id)
                           .Join(db.Members, p => p.MemberId, m => m.Id, (p, m) => new { p.OccurredAt, p.StoreId, p.Amount, p.MemberId, m.TierId, m.HomeCity, m.JoinedAt })
                           .AsAsyncEnumerable())
        {
            var key = (RollUpAnalytics.DayOf(p.OccurredAt), p.StoreId, p.TierId, p.HomeCity ?? "");
            if (!sales.TryGetValue(key, out var rollup)) sales[key] = rollup = new SalesDailyRollup(key.Item1, key.StoreId, key.TierId, key.Item4);
            rollup.Purchases++;
            rollup.Amount += p.Amount;
            var month = RollUpAnalytics.MonthOf(p.OccurredAt);
            if (!activity.TryGetValue((p.MemberId, month), out var active)) activity[(p.MemberId, month)] = active = new MemberMonthActivity(p.MemberId, month);
            active.Purchases++;
            if (active.Purchases > 2) continue;
            var cellKey = (RollUpAnalytics.MonthOf(p.JoinedAt), month);
            if (!cohorts.TryGetValue(cellKey, out var cell)) cohorts[cellKey] = cell = new CohortCell(cellKey.Item1, month);
            if (active.Purchases == 1) cell.Active++;
            else cell.Repeat++;
        }
        var rewards = RewardDays(await db.Redemptions.AsNoTracking().Where(r => r.Status != Domain.Rewards.RedemptionStatus.Cancelled && r.Points > 0)
            .Select(r => new ValueTuple<DateTimeOffset, int, long>(r.IssuedAt, r.RewardId, r.Points)).ToListAsync());
        var read = watch.Elapsed;

        await using var tx = await db.Database.BeginTransactionAsync();
        await db.LedgerDailyRollups.ExecuteDeleteAsync();
        await db.SalesDailyRollups.ExecuteDeleteAsync();
        await db.MemberMonthActivities.ExecuteDeleteAsync();
        await db.CohortCells.ExecuteDeleteAsync();
        await db.RewardDailyRollups.ExecuteDeleteAsync();
        await BulkInsert.RowsAsync(db, rewards);
        await BulkInsert.RowsAsync(db, ledger.Values.ToList());
        await BulkInsert.RowsAsync(db, sales.Values.ToList());
        await BulkInsert.RowsAsync(db, activity.Values.ToList());
        await BulkInsert.RowsAsync(db, cohorts.Values.ToList());
        foreach (var (name, table) in new[] { (RollUpAnalytics.LedgerCursor, "LedgerEntries"), (RollUpAnalytics.PurchasesCursor, "Purchases"),
                     (RollUpAnalytics.RedemptionsCursor, "Redemptions") })
        {
            var end = await db.Database.SqlQueryRaw<long>("SELECT COALESCE(MAX(\"rowid\"), 0) AS \"Value\" FROM \"" + table + "\"").SingleAsync();
            if (await db.ProjectionCursors.Where(c => c.Name == name).ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, end)) == 0)
                await BulkInsert.RowsAsync(db, [new ProjectionCursor(name, end)]);
        }
        await tx.CommitAsync();
        return $"rollups filled in {watch.Elapsed.TotalSeconds:N1} s (read {read.TotalSeconds:N1} s): {ledger.Count:N0} ledger days, {sales.Count:N0} sales days, " +
               $"{activity.Count:N0} member-months, {cohorts.Count:N0} cohort cells, {rewards.Count:N0} reward days; {await RollupCheckAsync(file)}";
    }

    /// <summary>Redemptions (issue time, reward, points; the cancelled left out) counted per UTC day and reward.</summary>
    private static List<RewardDailyRollup> RewardDays(List<(DateTimeOffset IssuedAt, int RewardId, long Points)> redemptions) =>
        redemptions.GroupBy(r => (Day: RollUpAnalytics.DayOf(r.IssuedAt), r.RewardId))
            .Select(g => new RewardDailyRollup(g.Key.Day, g.Key.RewardId) { Redemptions = g.Count(), Points = g.Sum(r => r.Points) }).ToList();

    /// <summary>
    /// The rollups against the rows: both cursors at the last rowid, and the rollups' totals equal to the ledger's and the
    /// purchases' (entries, points, purchases, sales, member-months, cohort actives), and the rewards' days row by row equal
    /// to a count of the redemptions; "DISAGREE" names what does not.
    /// </summary>
    public static async Task<string> RollupCheckAsync(string file)
    {
        await using var db = Open(file);
        async Task<long> End(string table) => await db.Database.SqlQueryRaw<long>("SELECT COALESCE(MAX(\"rowid\"), 0) AS \"Value\" FROM \"" + table + "\"").SingleAsync();
        var cursors = await db.ProjectionCursors.AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Position);
        var checks = new List<(string Name, object Rows, object Rollups)>
        {
            ("ledger cursor", await End("LedgerEntries"), cursors.GetValueOrDefault(RollUpAnalytics.LedgerCursor)),
            ("purchases cursor", await End("Purchases"), cursors.GetValueOrDefault(RollUpAnalytics.PurchasesCursor)),
            ("redemptions cursor", await End("Redemptions"), cursors.GetValueOrDefault(RollUpAnalytics.RedemptionsCursor)),
            ("entries", (long)await db.LedgerEntries.CountAsync(), await db.LedgerDailyRollups.SumAsync(r => r.Entries)),
            ("points", await db.LedgerEntries.SumAsync(e => e.Points), await db.LedgerDailyRollups.SumAsync(r => r.Points)),
            ("purchases", (long)await db.Purchases.CountAsync(), await db.SalesDailyRollups.SumAsync(r => r.Purchases)),
            ("sales", (await db.Purchases.Select(p => p.Amount).ToListAsync()).Sum(), (await db.SalesDailyRollups.Select(r => r.Amount).ToListAsync()).Sum()),
            ("member-month purchases", (long)await db.Purchases.CountAsync(), await db.MemberMonthActivities.SumAsync(a => (long)a.Purchases)),
            ("cohort actives", (long)await db.MemberMonthActivities.CountAsync(), await db.CohortCells.SumAsync(c => c.Active)),
        };
        var counted = RewardDays(await db.Redemptions.AsNoTracking().Where(r => r.Status != Domain.Rewards.RedemptionStatus.Cancelled && r.Points > 0)
                .Select(r => new ValueTuple<DateTimeOffset, int, long>(r.IssuedAt, r.RewardId, r.Points)).ToListAsync())
            .ToDictionary(r => (r.Day, r.RewardId), r => (r.Redemptions, r.Points));
        var kept = await db.RewardDailyRollups.AsNoTracking().ToListAsync();
        checks.Add(("reward days", (long)counted.Count, (long)kept.Count));
        checks.Add(("reward days unequal to the redemptions", 0L,
            (long)kept.Count(r => counted.GetValueOrDefault((r.Day, r.RewardId)) != (r.Redemptions, r.Points))));
        var wrong = checks.Where(c => !Equals(c.Rows, c.Rollups)).ToList();
        return $"rollups: {string.Join(", ", checks.Select(c => $"{c.Name} {c.Rollups:N0}"))}: " +
               (wrong.Count == 0 ? "agree" : $"DISAGREE ({string.Join(", ", wrong.Select(w => $"{w.Name}: rows {w.Rows:N0}, rollups {w.Rollups:N0}"))})");
    }

    /// <summary>
    /// <c>rollup &lt;file&gt; --compare</c>: the app's <see cref="RollUpAnalytics"/> run to the end on a copy of the file (from
    /// nothing) against <see cref="RollUpAsync"/> on another, table by table, row by row. For small files: the job's passes
    /// take ~0.25 ms of CPU per row.
    /// </summary>
    public static async Task<string> CompareRollupsAsync(string file)
    {
        var (byJob, byFill) = (file + ".by-job", file + ".by-fill");
        void DeleteCopies()
        {
            foreach (var f in new[] { byJob, byFill }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
                if (File.Exists(f)) File.Delete(f);
        }
        await using (var source = Open(file)) await source.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteCopies();
        File.Copy(file, byJob, overwrite: true);
        File.Copy(file, byFill, overwrite: true);
        await using (var db = Open(byJob))
        {
            await db.LedgerDailyRollups.ExecuteDeleteAsync();
            await db.SalesDailyRollups.ExecuteDeleteAsync();
            await db.MemberMonthActivities.ExecuteDeleteAsync();
            await db.CohortCells.ExecuteDeleteAsync();
            await db.RewardDailyRollups.ExecuteDeleteAsync();
            await db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.LedgerCursor || c.Name == RollUpAnalytics.PurchasesCursor
                                                  || c.Name == RollUpAnalytics.RedemptionsCursor).ExecuteDeleteAsync();
        }
        var watch = Stopwatch.StartNew();
        var job = new RollUpAnalytics(new FileContexts(byJob));
        while (await job.HandleAsync(RollUpAnalytics.BatchSize * 5) == RollUpAnalytics.BatchSize * 5) { }
        var jobTime = watch.Elapsed;
        await RollUpAsync(byFill);
        await using var a = Open(byJob);
        await using var b = Open(byFill);
        var differences = new List<string>();
        async Task Compare<T>(string name, Func<LoyaltyDbContext, IQueryable<T>> rows)
        {
            var (x, y) = ((await rows(a).ToListAsync()).ConvertAll(r => r!.ToString()), (await rows(b).ToListAsync()).ConvertAll(r => r!.ToString()));
            x.Sort(StringComparer.Ordinal);
            y.Sort(StringComparer.Ordinal);
            if (x.Count == 0 || !x.SequenceEqual(y)) differences.Add($"{name} ({x.Count:N0} rows by the job, {y.Count:N0} filled)");
        }
        await Compare("ledger days", db => db.LedgerDailyRollups.AsNoTracking().Select(r => new { r.Day, r.Kind, r.Source, r.TierId, r.City, r.Entries, r.Points }));
        await Compare("sales days", db => db.SalesDailyRollups.AsNoTracking().Select(r => new { r.Day, r.StoreId, r.TierId, r.City, r.Purchases, r.Amount }));
        await Compare("member-months", db => db.MemberMonthActivities.AsNoTracking().Select(r => new { r.MemberId, r.Month, r.Purchases }));
        await Compare("cohort cells", db => db.CohortCells.AsNoTracking().Select(r => new { r.JoinMonth, r.Month, r.Active, r.Repeat }));
        await Compare("reward days", db => db.RewardDailyRollups.AsNoTracking().Select(r => new { r.Day, r.RewardId, r.Redemptions, r.Points }));
        await Compare("cursors", db => db.ProjectionCursors.AsNoTracking().Where(c => c.Name.StartsWith("analytics:")).Select(c => new { c.Name, c.Position }));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteCopies();
        return $"the job to the end took {jobTime.TotalSeconds:N1} s; " +
               (differences.Count == 0 ? "its rollups and cursors equal the filled ones, row by row" : $"DIFFERENT: {string.Join(", ", differences)}");
    }

    private sealed class FileContexts(string file) : IDbContextFactory<LoyaltyDbContext>
    {
        public LoyaltyDbContext CreateDbContext() => Open(file);
    }
}
