using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Mail;

/// <summary>Sends an e-mail. The outbox is the default; an SMTP sender can replace it without touching callers.</summary>
public interface IMailSender
{
    Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default);
}

/// <summary>Writes every e-mail to the OutboxMessages table, where a person (/dev/outbox) and the tests read it.</summary>
internal sealed class OutboxMailSender(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock) : IMailSender
{
    public async Task SendAsync(string to, string subject, string htmlBody, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage { To = to, Subject = subject, HtmlBody = htmlBody, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }
}
