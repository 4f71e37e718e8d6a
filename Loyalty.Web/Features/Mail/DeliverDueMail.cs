using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Programs;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// One pass of the outbox over SMTP: claims each due queued message, sends it and marks it Sent, or schedules its retry
/// (and after the last attempt marks it Failed with the server's answer). A permanent refusal (a 5xx answer such as
/// "550 no such user") marks the message Failed at once; a 4xx answer is retried. When the relay cannot be reached the
/// pass stops before claiming anything (<see cref="SmtpUnreachableException"/>): an outage spends no message's attempts,
/// and <c>Jobs/MailDispatcher</c>, which runs the passes, backs off.
/// </summary>
/// <remarks>
/// Never twice: a message is claimed (Queued → Sending, with a lease) by a save checked against its concurrency token,
/// so of two instances only one gets it. A message still Sending after its lease is one whose sender stopped between
/// claiming it and recording the result: it may or may not have been delivered, so it is not resent by itself but marked
/// Failed ("interrupted"), and an admin decides (a retry keeps its Message-Id, so receivers can drop a duplicate). An
/// attempt the server refused is retried; that includes the rare answer lost after the server took the message, which
/// the same Message-Id covers too.
/// </remarks>
public sealed class DeliverDueMail(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    SmtpConnector smtp,
    ProgramTermsCache terms,
    TimeProvider clock,
    ILogger<DeliverDueMail> logger)
{
    public const int BatchSize = 20;
    /// <summary>Far longer than one send may take (every SMTP command has its timeout), so a live sender never loses its claim.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    public const string Interrupted =
        "Interrupted while sending (the app stopped before it recorded the result): it may have been delivered. Retry sends it again with the same Message-Id.";

    /// <returns>How many due messages this pass took up (claimed by this or, meanwhile, another instance).</returns>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        await GiveUpOnInterruptedAsync(ct);
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Queued && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var o = smtp.Options;
        var from = new MailboxAddress(string.IsNullOrWhiteSpace(o.FromName) ? (await terms.GetAsync(ct)).Settings.Name : o.FromName, o.FromAddress ?? "");
        SmtpClient? client = null;
        try
        {
            foreach (var id in due)
            {
                if (ct.IsCancellationRequested) break;
                // Connected before a message is claimed: a relay that is down costs no message an attempt.
                client ??= await ConnectAsync(ct);
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await ClaimAsync(db, id, ct) is not { } message) continue;
                try
                {
                    await client.SendAsync(Compose(message, from), ct);
                }
                catch (Exception ex)
                {
                    if (client is not null) await SmtpConnector.CloseAsync(client);
                    client = null;
                    await RecordFailureAsync(db, message, ex);
                    continue;
                }
                await RecordSentAsync(db, message);
            }
        }
        finally
        {
            if (client is not null) await SmtpConnector.CloseAsync(client);
        }
        return due.Count;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        try
        {
            return await smtp.ConnectAsync(null, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            throw new SmtpUnreachableException(Describe(ex), ex);
        }
    }

    /// <summary>The claim: only the instance whose save finds the row unchanged sends it.</summary>
    private async Task<OutboxMessage?> ClaimAsync(LoyaltyDbContext db, Guid id, CancellationToken ct)
    {
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, ct);
        var now = clock.GetUtcNow();
        if (message is not { Status: OutboxStatus.Queued } || message.NextAttemptAt > now) return null;
        message.Status = OutboxStatus.Sending;
        message.Attempts++;
        message.LeaseUntil = now + Lease;
        message.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return message;
        }
        catch (DbUpdateException)
        {
            return null; // another instance claimed (or changed) it first
        }
    }

    internal static MimeMessage Compose(OutboxMessage message, MailboxAddress from)
    {
        var mime = new MimeMessage { Subject = message.Subject, Date = message.CreatedAt };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        // The outbox id: a retry of the same message carries the same id, so receivers can recognise a duplicate.
        mime.MessageId = $"{message.Id:N}@{from.Domain}";
        foreach (var (name, value) in MailHeaders.Read(message.Headers)) mime.Headers.Add(name, value);
        mime.Body = new BodyBuilder
        {
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody is "" ? MailText.FromHtml(message.HtmlBody) : message.TextBody,
        }.ToMessageBody();
        return mime;
    }

    // The results are written even when the app is stopping (CancellationToken.None): the row must not stay claimed.
    private async Task RecordSentAsync(LoyaltyDbContext db, OutboxMessage message)
    {
        for (var tries = 0; ; tries++)
        {
            message.Status = OutboxStatus.Sent;
            message.SentAt = clock.GetUtcNow();
            message.LeaseUntil = null;
            message.FailedAt = null;
            message.Version++;
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateConcurrencyException) when (tries < 3)
            {
                // Only possible if the lease ran out meanwhile; it was delivered, so Sent wins.
                await db.Entry(message).ReloadAsync(CancellationToken.None);
            }
        }
    }

    private async Task RecordFailureAsync(LoyaltyDbContext db, OutboxMessage message, Exception ex)
    {
        var now = clock.GetUtcNow();
        var o = smtp.Options;
        message.LastError = Describe(ex);
        message.LeaseUntil = null;
        message.Version++;
        if (IsPermanent(ex) || message.Attempts >= o.MaxAttempts)
        {
            message.Status = OutboxStatus.Failed;
            message.FailedAt = now;
            logger.LogWarning("E-mail {MessageId} to {To} failed after {Attempts} attempts: {Error}", message.Id, message.To, message.Attempts, message.LastError);
        }
        else
        {
            message.Status = OutboxStatus.Queued;
            message.NextAttemptAt = now + o.RetryDelay(message.Attempts);
            logger.LogInformation("E-mail {MessageId} attempt {Attempts} failed, next at {NextAttemptAt}: {Error}", message.Id, message.Attempts, message.NextAttemptAt, message.LastError);
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException saveFailed)
        {
            // It stays Sending until its lease ends, then shows as interrupted: never resent blindly.
            logger.LogError(saveFailed, "The failure of e-mail {MessageId} could not be recorded.", message.Id);
        }
    }

    private async Task GiveUpOnInterruptedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var interrupted = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Sending && m.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Failed)
                .SetProperty(m => m.FailedAt, now)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, Interrupted)
                .SetProperty(m => m.Version, m => m.Version + 1), ct);
        if (interrupted > 0) logger.LogWarning("{Count} e-mails were interrupted while sending and are marked Failed.", interrupted);
    }

    /// <summary>A 5xx answer (mailbox unknown, sender or message refused): sending the same message again gets the same answer.</summary>
    internal static bool IsPermanent(Exception ex) => ex is SmtpCommandException { StatusCode: var code } && (int)code is >= 500 and < 600;

    /// <summary>The server's answer when it gave one ("550 5.1.1 No such user"), else what went wrong on the way.</summary>
    internal static string Describe(Exception ex)
    {
        var text = ex switch
        {
            SmtpCommandException smtp => $"{(int)smtp.StatusCode} {smtp.Message}",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        return text.Length <= 1000 ? text : text[..1000];
    }
}
