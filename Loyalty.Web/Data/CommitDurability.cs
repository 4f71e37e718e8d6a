using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>Makes every commit made before it durable.</summary>
public delegate Task CommitFlush(CancellationToken ct);

/// <summary>
/// How the ledger writer gets its commits onto disk. Either each commit is durable by itself (SQL Server), or commits
/// return before they reach the disk and one flush afterwards makes all of them durable (SQLite in WAL mode): then the
/// writer goes on with the next group while the disk catches up, and answers a group's callers only after its flush.
/// </summary>
public interface ICommitDurability
{
    /// <summary>On the writer's context, before its transaction: the flush to run before acknowledging, or null.</summary>
    Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct);

    /// <summary>Undoes <see cref="DeferAsync"/> before the connection goes back to the pool.</summary>
    Task RestoreAsync(LoyaltyDbContext db, CancellationToken ct);
}

/// <summary>Every commit is durable when it returns (SQL Server, or a SQLite database that is not a WAL file).</summary>
internal sealed class DurableCommits : ICommitDurability
{
    public Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct) => Task.FromResult<CommitFlush?>(null);
    public Task RestoreAsync(LoyaltyDbContext db, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// In WAL mode, synchronous=NORMAL commits append to the log without waiting for the disk; one fsync of the log file
/// afterwards makes all of them durable (checkpoints sync the log and the database themselves at this level).
/// </summary>
internal sealed class SqliteWalCommitDurability : ICommitDurability
{
    private readonly ConcurrentDictionary<string, bool> _isWal = new();

    public async Task<CommitFlush?> DeferAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (string.IsNullOrEmpty(connection.DataSource)) return null; // in memory: nothing to flush
        await db.Database.OpenConnectionAsync(ct); // the setting below belongs to this connection
        if (!_isWal.TryGetValue(connection.DataSource, out var wal))
        {
            var mode = (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(ct)).Single();
            _isWal[connection.DataSource] = wal = string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase);
        }
        if (!wal) return null;
        await ExecuteAsync(connection, "PRAGMA synchronous = NORMAL", ct);
        var log = connection.DataSource + "-wal";
        return token => Task.Run(() => FlushLog(log), token);
    }

    public async Task RestoreAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = FULL", ct);
        }
        catch
        {
            // Never hand a connection that skips the disk to the rest of the app.
            SqliteConnection.ClearPool(connection);
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
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
