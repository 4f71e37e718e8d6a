using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Mail;

public sealed record OutboxRow(
    Guid Id, string To, string Subject, OutboxStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, DateTimeOffset? FailedAt);

public sealed record OutboxPage(IReadOnlyList<OutboxRow> Rows, int Total);

/// <summary>The outbox for admins, newest first, optionally of one status.</summary>
public sealed class GetOutbox(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<OutboxPage> HandleAsync(OutboxStatus? status, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.OutboxMessages.AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100))
            .Select(m => new OutboxRow(m.Id, m.To, m.Subject, m.Status, m.Attempts, m.LastError, m.CreatedAt, m.NextAttemptAt, m.SentAt, m.FailedAt))
            .ToListAsync(ct);
        return new OutboxPage(rows, total);
    }
}
