using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.Data;

/// <summary>/health/ready: can the app reach its database and read its tables?</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<LoyaltyDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct)) return new HealthCheckResult(context.Registration.FailureStatus, "Database unreachable.");
            // On SQLite, CanConnect only sees that the file exists; reading a table shows that it is the database.
            await db.ProgramSettings.AsNoTracking().AnyAsync(ct);
            return HealthCheckResult.Healthy("Database reachable.");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Database unreachable.", ex);
        }
    }
}
