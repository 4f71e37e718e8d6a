using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.Data;

/// <summary>
/// /health/ready: can the app reach its database, read its tables and, on SQLite, take the write lock? A file opened read-only
/// or unopenable is Unhealthy at once. A lock held by another writer is Degraded at first (a long bulk change may hold it for a
/// while, and writes wait for it up to <c>Database:BusyTimeoutSeconds</c>), and Unhealthy once the lock has been seen held
/// for longer than that: by then writes are failing (503), and a load balancer should send traffic elsewhere.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<LoyaltyDbContext> dbFactory, WriteLockWatch watch,
    Microsoft.Extensions.Options.IOptions<DatabaseOptions> options, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long the write probe waits for the lock: a ledger batch holds it for milliseconds, an outage for longer.</summary>
    public const int WriteProbeSeconds = 2;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct)) return new HealthCheckResult(context.Registration.FailureStatus, "Database unreachable.");
            // On SQLite, CanConnect only sees that the file exists; reading a table shows that it is the database.
            await db.ProgramSettings.AsNoTracking().AnyAsync(ct);
            if (db.Database.IsSqlite()) await ProbeWriteLockAsync(db.Database.GetDbConnection(), ct);
            watch.BusySince = null;
            return HealthCheckResult.Healthy("Database reachable.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException busy) when (busy.SqliteErrorCode == 5)
        {
            var now = clock.GetUtcNow();
            var since = watch.BusySince ??= now;
            return now - since >= TimeSpan.FromSeconds(options.Value.BusyTimeoutSeconds)
                ? new HealthCheckResult(context.Registration.FailureStatus, "Database unavailable (locked by another writer for too long).", busy)
                : HealthCheckResult.Degraded("Database busy: another writer holds the write lock.", busy);
        }
        catch (Exception ex)
        {
            var what = DatabaseUnavailable.Is(ex) ? "Database unavailable (locked, read-only or unreachable)." : "Database unreachable.";
            return new HealthCheckResult(context.Registration.FailureStatus, what, ex);
        }
    }

    /// <summary>
    /// Takes SQLite's write lock and gives it back at once, writing nothing: <c>BEGIN IMMEDIATE</c> fails when another
    /// connection holds the lock past <see cref="WriteProbeSeconds"/> (SQLITE_BUSY) or the file cannot be written (SQLITE_READONLY).
    /// </summary>
    private static async Task ProbeWriteLockAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(ct);
        try
        {
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.CommandTimeout = WriteProbeSeconds;
            await begin.ExecuteNonQueryAsync(ct);
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}

/// <summary>Since when the readiness probe has found SQLite's write lock held by another writer (null: it was free last time).</summary>
public sealed class WriteLockWatch
{
    public DateTimeOffset? BusySince { get; set; }
}
