using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data;

/// <summary>E-mails in the outbox not sent yet (<c>SentAt</c> empty): how many, and since when the oldest waits.</summary>
public sealed class OutboxBacklog(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public sealed record Snapshot(int Unsent, DateTimeOffset? OldestCreatedAt);

    public async Task<Snapshot> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        var count = await unsent.CountAsync(ct);
        var oldest = count == 0 ? null : await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return new Snapshot(count, oldest);
    }

    /// <summary>For the metrics gauge, which is read synchronously when /metrics is scraped.</summary>
    public long CountUnsent()
    {
        using var db = dbFactory.CreateDbContext();
        return db.OutboxMessages.Count(m => m.SentAt == null);
    }
}
