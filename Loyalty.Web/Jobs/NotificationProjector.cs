using Loyalty.Web.Features.Notifications;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Turns committed ledger entries into "points earned / taken back" notifications (<see cref="ProjectLedgerToNotifications"/>)
/// every <c>Notifications:LedgerPollMilliseconds</c>, so the purchase path does no extra work. Safe on several instances.
/// At start (even with the polling off here: another instance may poll) the cursor of a database that has none is set at
/// the end of the ledger, before the app takes requests, so history is not announced and nothing after it is missed.
/// </summary>
internal sealed class NotificationProjector(ProjectLedgerToNotifications project, IOptions<NotificationOptions> options,
    ILogger<NotificationProjector> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Bounded: the app's start must not hang on it (the database was just migrated, so this is quick).
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(15));
            await project.StartAsync(bounded.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The first pass starts it instead (at the end of the ledger then).
            logger.LogWarning(ex, "The notification projector's cursor could not be started; its first pass will.");
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.LedgerPollMilliseconds;
        if (poll <= 0) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more are waiting.
                while (await project.HandleAsync(stoppingToken) == ProjectLedgerToNotifications.BatchSize && !stoppingToken.IsCancellationRequested) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Projecting ledger entries to notifications failed; trying again shortly.");
            }
            try
            {
                // Wall-clock polling (not the program's clock): how soon the bell moves, not program time.
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Hands due notification e-mails to the outbox (<see cref="MailNotifications"/>): when woken, and every <c>Notifications:MailPollSeconds</c>.</summary>
internal sealed class NotificationMailer(MailNotifications mail, Notifier notifier, IOptions<NotificationOptions> options,
    ILogger<NotificationMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.MailPollSeconds <= 0) return;
        var poll = TimeSpan.FromSeconds(options.Value.MailPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await mail.HandleAsync(stoppingToken) == MailNotifications.BatchSize && !stoppingToken.IsCancellationRequested) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Queueing notification e-mails failed; trying again shortly.");
            }
            try
            {
                await notifier.MailDue.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>
/// Runs <see cref="RemindMembers"/> (expiring points, tier downgrade notices) and the catch-up of new offers every
/// <c>Notifications:ReminderIntervalMinutes</c>, and <see cref="AnnounceOffer"/> as soon as this instance sees an offer go live.
/// </summary>
internal sealed class NotificationReminders(RemindMembers remind, AnnounceOffer announce, Features.Offers.OfferNotifier offers,
    IOptions<NotificationOptions> options, TimeProvider clock, ILogger<NotificationReminders> logger) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<int> _live = System.Threading.Channels.Channel.CreateUnbounded<int>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.ReminderIntervalMinutes;
        if (minutes <= 0) return;
        void OnLive(int offerId) => _live.Writer.TryWrite(offerId);
        offers.OfferLive += OnLive;
        try
        {
            var announcing = AnnounceAsync(stoppingToken);
            await Task.Delay(TimeSpan.FromSeconds(15), clock, stoppingToken); // let the app finish starting
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes), clock);
            do
            {
                try
                {
                    await remind.HandleAsync(stoppingToken);
                    foreach (var offerId in await announce.RecentlyLiveAsync(stoppingToken)) _live.Writer.TryWrite(offerId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Notification reminders failed; they run again in {Minutes} minutes.", minutes);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
            await announcing;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            offers.OfferLive -= OnLive;
        }
    }

    private async Task AnnounceAsync(CancellationToken ct)
    {
        await foreach (var offerId in _live.Reader.ReadAllAsync(ct))
        {
            try
            {
                await announce.HandleAsync(offerId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Announcing offer {OfferId} to its members failed; the hourly pass tries again.", offerId);
            }
        }
    }
}
