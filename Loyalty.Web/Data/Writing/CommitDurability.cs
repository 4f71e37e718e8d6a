using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data.Writing;

/// <summary>Makes every commit made before it durable.</summary>
public delegate Task CommitFlush(CancellationToken ct);

/// <summary>
/// How the ledger writer gets its commits onto disk. Either each commit is durable by itself (SQL Server), or commits
/// return before they reach the disk and one flush afterwards makes all of them durable (SQLite in WAL mode): then the
/// writer goes on with the next group while the disk catches up, and answers a group's callers only after its flush.
/// </summary>
public interface ICommitDurability
{
    /// <summary>
    /// On the writer's new context, before its first transaction: gives it the writer's own connection where there is one,
    /// and returns the flush to run before acknowledging, or null when every commit is durable by itself.
    /// </summary>
    Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct);

    /// <summary>On the writer's context, after a commit and before the next transaction: housekeeping of the log, if any.</summary>
    Task AfterCommitAsync(LoyaltyDbContext db, CancellationToken ct);

    /// <summary>After a batch failed: the next one starts on a fresh connection.</summary>
    void Reset();
}

/// <summary>
/// Every commit is durable when it returns: SQL Server. (On SQLite, <see cref="SqliteWalCommitDurability"/> itself defers
/// nothing when the database is in memory or keeps a rollback journal instead of a WAL file.)
/// </summary>
internal sealed class DurableCommits : ICommitDurability
{
    public Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct) => Task.FromResult<CommitFlush?>(null);
    public Task AfterCommitAsync(LoyaltyDbContext db, CancellationToken ct) => Task.CompletedTask;
    public void Reset() { }
}

/// <summary>
/// The ledger writer keeps its own connection (never pooled, so no other code gets its settings): in WAL mode with
/// synchronous=NORMAL its commits append to the log without waiting for the disk, and one fsync of the log file
/// afterwards makes all of them durable. Nor does it checkpoint on its own: copying the log into the database (with the
/// syncs that needs) runs beside it, on a connection of its own, a few times a second while there are writes, and the
/// writer only finishes that copy about once a second (<see cref="AfterCommitAsync"/>) so the log can start over.
/// Every other connection keeps SQLite's defaults (synchronous=FULL, automatic checkpoints).
/// </summary>
internal sealed class SqliteWalCommitDurability(ILogger<SqliteWalCommitDurability> logger) : ICommitDurability, IAsyncDisposable
{
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);
    public const int PassesPerRestart = 4; // the log starts over about once a second under load
    private readonly CancellationTokenSource _stop = new();
    private SqliteConnection? _writer;
    private Task? _checkpointing;
    private int _written;
    private int _finishCheckpoint;

    public async Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString() ?? "";
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode == SqliteOpenMode.Memory || csb.DataSource.Length == 0 || csb.DataSource.StartsWith(':'))
            return null; // in memory: nothing to flush
        Reset();
        csb.Pooling = false; // never handed to anyone else with these settings
        var writer = new SqliteConnection(csb.ToString());
        try
        {
            await writer.OpenAsync(ct);
            if (!string.Equals(await ScalarAsync<string>(writer, "PRAGMA journal_mode", ct), "wal", StringComparison.OrdinalIgnoreCase))
            {
                await writer.DisposeAsync();
                return null; // a rollback journal: every commit syncs by itself
            }
            // 32 MB of page cache: the index pages a group touches (several indexes are keyed by member) stay in memory.
            await ExecuteAsync(writer, "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -32768;", ct);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
        _writer = writer;
        _checkpointing ??= Task.Run(() => CheckpointLoopAsync(connectionString, _stop.Token));
        db.Database.SetDbConnection(writer, contextOwnsConnection: false);
        var log = writer.DataSource + "-wal";
        return token => Task.Run(() =>
        {
            FlushLog(log);
            Volatile.Write(ref _written, 1);
        }, token);
    }

    /// <summary>
    /// The log starts over only when a write begins with every frame already copied, which a checkpoint beside a busy
    /// writer never sees. So after every <see cref="PassesPerRestart"/>th background pass the writer copies the few
    /// frames added since, itself (two fsyncs, so not more often): then its next transaction starts the log from the
    /// beginning and the file stops growing.
    /// </summary>
    public async Task AfterCommitAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (_writer is null || Interlocked.Exchange(ref _finishCheckpoint, 0) == 0) return;
        await ExecuteAsync(_writer, "PRAGMA wal_checkpoint(PASSIVE)", ct);
    }

    public void Reset()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Stops the checkpoints. The writer's connection is the writer's to close (<see cref="Reset"/>), never from here.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_checkpointing is not null) await _checkpointing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task CheckpointLoopAsync(string connectionString, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        var passes = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (Interlocked.Exchange(ref _written, 0) == 0) continue;
                try
                {
                    await using var connection = new SqliteConnection(connectionString);
                    await connection.OpenAsync(stop);
                    // PASSIVE: copies what it can without waiting for (or holding up) the writer or any reader.
                    await ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)", stop);
                    if (++passes % PassesPerRestart == 0) Volatile.Write(ref _finishCheckpoint, 1);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    Volatile.Write(ref _written, 1); // try again next time
                    logger.LogWarning(ex, "Checkpointing the SQLite log failed; it will be tried again.");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void FlushLog(string path)
    {
        try
        {
            // SQLite keeps no locks on the log file itself (they live in the -shm file), so opening and closing it is safe.
            using var log = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            log.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // The log was checkpointed into the database file and removed; the checkpoint synced that file.
        }
    }
}
