using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Jobs;

/// <summary>Every 30 s, announces the published offers whose start time passed since the last look.</summary>
public sealed class OfferGoLiveWatcher(IDbContextFactory<LoyaltyDbContext> dbFactory, OfferNotifier notifier, TimeProvider clock,
    ILogger<OfferGoLiveWatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = clock.GetUtcNow();
        try
        {
            // One delay at a time rather than a periodic timer: a clock that jumps ahead (a test's fake clock, a resumed
            // VM) causes one look, not one per missed period.
            while (true)
            {
                await Task.Delay(Interval, clock, stoppingToken);
                try
                {
                    since = await AnnounceAsync(since, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not check for offers that went live.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>The time this look covered up to.</returns>
    public async Task<DateTimeOffset> AnnounceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Few published offers exist at a time; the clock comparison runs here because SQLite cannot compare DateTimeOffset.
        var published = await db.Offers.AsNoTracking().Where(o => o.Status == OfferStatus.Published).ToListAsync(ct);
        foreach (var offer in published.Where(o => o.StartsAt > since && o.StartsAt <= now && o.StateAt(now) == OfferState.Live))
            notifier.Notify(offer.Id);
        return now;
    }
}
