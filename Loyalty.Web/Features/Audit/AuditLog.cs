using System.Text.Json;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;

namespace Loyalty.Web.Features.Audit;

/// <summary>Adds audit entries to the caller's unit of work, so the change and its record commit together.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(LoyaltyDbContext db, string actor, string action, string subject, object? before, object? after, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Action = action,
            Subject = subject,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            Reason = reason,
        });
}
