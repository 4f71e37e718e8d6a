using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Rows, int Total);

/// <summary>The audit log, newest first, optionally for one subject (e.g. "member:LY-000001").</summary>
public sealed class GetAuditLog(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<AuditPage> HandleAsync(string? subject, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subject)) query = query.Where(a => a.Subject == subject.Trim());
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100)).ToListAsync(ct);
        return new AuditPage(rows, total);
    }
}
