using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Mail;

/// <summary>An admin queues a failed e-mail again, with a fresh set of attempts; audited.</summary>
public sealed class RetryMail(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, NewMailSignal signal, TimeProvider clock)
{
    public async Task HandleAsync(Guid messageId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == messageId, ct)
                      ?? throw DomainException.NotFound("mail.not-found", "There is no such e-mail.", field: "messageId");
        if (message.Status != OutboxStatus.Failed)
            throw DomainException.Conflict("mail.not-failed", "Only a failed e-mail can be retried; this one is already queued, sending or sent.");
        var before = new { message.Status, message.Attempts, message.LastError };
        message.Status = OutboxStatus.Queued;
        message.Attempts = 0;
        message.NextAttemptAt = clock.GetUtcNow();
        message.FailedAt = null;
        message.Version++;
        audit.Record(db, actor, "mail.retried", $"mail:{message.Id}", before, new { message.Status, message.To, message.Subject });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("mail.changed", "This e-mail changed meanwhile; reload the list and try again.");
        }
        signal.Ring();
    }
}
