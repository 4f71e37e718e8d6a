using Loyalty.Web.Features.Mail;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Delivers the outbox over SMTP when <c>Mail:Smtp:Host</c> is set: at once when this instance queues a message, and
/// every <c>Mail:Smtp:PollSeconds</c> for retries and messages other instances queued. Safe on several instances
/// (see <see cref="DeliverDueMail"/>).
/// </summary>
internal sealed class MailDispatcher(
    IOptions<SmtpOptions> options,
    DeliverDueMail deliver,
    NewMailSignal signal,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured) return; // mail stays in the outbox table
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due.
                while (await deliver.HandleAsync(stoppingToken) == DeliverDueMail.BatchSize && !stoppingToken.IsCancellationRequested) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Delivering the outbox failed; trying again at the next poll.");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await signal.WaitAsync(poll, stoppingToken);
        }
    }
}
