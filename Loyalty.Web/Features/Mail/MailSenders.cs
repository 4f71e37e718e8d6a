using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Mail;

/// <summary>Sends an e-mail: queues it in the durable outbox, from where it is delivered over SMTP when configured.</summary>
public interface IMailSender
{
    /// <param name="textBody">The plain-text part; null = derived from <paramref name="htmlBody"/>.</param>
    Task SendAsync(string to, string subject, string htmlBody, string? textBody = null, CancellationToken ct = default);
}

/// <summary>
/// Writes every e-mail, in the program's letterhead (<see cref="MailFrame"/>), to the OutboxMessages table as Queued and wakes this instance's dispatcher. Without SMTP settings
/// nothing sends it: a person (/dev/outbox) and the tests read it there.
/// </summary>
internal sealed class OutboxMailSender(IDbContextFactory<LoyaltyDbContext> dbFactory, NewMailSignal signal, MailFrame frame, TimeProvider clock) : IMailSender
{
    public async Task SendAsync(string to, string subject, string htmlBody, string? textBody = null, CancellationToken ct = default)
    {
        var (html, text) = await frame.WrapAsync(htmlBody, textBody ?? MailText.FromHtml(htmlBody), ct);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to,
            Subject = subject,
            HtmlBody = html,
            TextBody = text,
            CreatedAt = now,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(ct);
        signal.Ring();
    }
}
