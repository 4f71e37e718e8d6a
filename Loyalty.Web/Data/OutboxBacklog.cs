using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>
/// E-mails still to be delivered (queued or being sent): how many, and since when the oldest waits. Failed ones are not a
/// backlog: they wait for an admin (/admin/mail), and must not take the app out of its load balancer.
/// </summary>
public sealed class OutboxBacklog(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public sealed record Snapshot(int Unsent, DateTimeOffset? OldestCreatedAt);

    public async Task<Snapshot> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending);
        var count = await unsent.CountAsync(ct);
        var oldest = count == 0 ? null : await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return new Snapshot(count, oldest);
    }

    /// <summary>For the metrics gauge, which is read synchronously when /metrics is scraped.</summary>
    public long CountUnsent()
    {
        using var db = dbFactory.CreateDbContext();
        return db.OutboxMessages.Count(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending);
    }
}
