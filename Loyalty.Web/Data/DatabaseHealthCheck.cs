using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.Data;

/// <summary>
/// /health/ready: can the app reach its database, read its tables and, on SQLite, take the write lock? A file locked by
/// another writer or opened read-only still reads, yet every change would fail: the instance is not ready then.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<LoyaltyDbContext> dbFactory) : IHealthCheck
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
            return HealthCheckResult.Healthy("Database reachable.");
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
