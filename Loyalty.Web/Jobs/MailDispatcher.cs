using Loyalty.Web.Features.Mail;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Delivers the outbox over SMTP when <c>Mail:Smtp:Host</c> is set: at once when this instance queues a message, and
/// every <c>Mail:Smtp:PollSeconds</c> for retries and messages other instances queued. Safe on several instances
/// (see <see cref="DeliverDueMail"/>). While the relay cannot be reached it backs off as a whole (<see cref="Backoff"/>)
/// and the messages wait Queued, their attempts unspent.
/// </summary>
internal sealed class MailDispatcher(
    IOptions<SmtpOptions> options,
    DeliverDueMail deliver,
    NewMailSignal signal,
    TimeProvider clock,
    ILogger<MailDispatcher> logger) : BackgroundService
{
    /// <summary>The longest wait between two tries of a relay that is down.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>The wait after <paramref name="failures"/> tries in a row found the relay down: the poll, doubled each time, up to <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan poll) =>
        TimeSpan.FromSeconds(Math.Min(poll.TotalSeconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30)), Math.Max(poll.TotalSeconds, MaxBackoff.TotalSeconds)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured) return; // mail stays in the outbox table
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        var unreachable = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more may be due.
                while (await deliver.HandleAsync(stoppingToken) == DeliverDueMail.BatchSize && !stoppingToken.IsCancellationRequested) { }
                unreachable = 0;
            }
            catch (SmtpUnreachableException ex) when (!stoppingToken.IsCancellationRequested)
            {
                var wait = Backoff(++unreachable, poll);
                logger.LogWarning("The SMTP relay cannot be reached ({Error}); mail waits in the outbox, next try in {Wait}.", ex.Message, wait);
                try
                {
                    await Task.Delay(wait, clock, stoppingToken); // new mail does not wake it: the relay is the problem
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
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
