using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Jobs;

/// <summary>
/// At start, and now and then after it, builds the boards of live tournaments from the database (one that started since
/// has its board then, so its overtakes are found and told even when nobody watches it here); now and then finalizes
/// tournaments that have ended (prizes paid once; safe with several instances, see <see cref="FinalizeTournament"/>) and
/// drops the idle boards of ended ones from memory.
/// </summary>
public sealed class TournamentClock(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LeaderboardRegistry registry,
    FinalizeTournament finalize,
    IOptions<TournamentOptions> options,
    TimeProvider clock,
    ILogger<TournamentClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PreloadLiveBoardsAsync(stoppingToken); // a board already held costs a dictionary lookup
                if (options.Value.AutoFinalize) await FinalizeEndedAsync(stoppingToken);
                registry.EvictIdle();
                // One delay at a time: a clock jump causes one run, not a burst.
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.ClockIntervalSeconds)), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Builds the boards of live tournaments, so the first spectators wait for nothing. Only a head start: when the
    /// database cannot be read now, the host keeps running and each board loads when first asked for.
    /// </summary>
    public async Task PreloadLiveBoardsAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var live = await db.Tournaments.AsNoTracking().Where(t => t.FinalizedAt == null && t.StartsAt <= now && t.EndsAt > now)
                .Select(t => t.Id).ToListAsync(ct);
            foreach (var id in live) await registry.GetAsync(id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "The boards of live tournaments could not be loaded; each loads when first asked for, or at the next pass.");
        }
    }

    public async Task FinalizeEndedAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var ended = await db.Tournaments.AsNoTracking().Where(t => t.FinalizedAt == null && t.EndsAt <= now).Select(t => t.Id).ToListAsync(ct);
            foreach (var id in ended)
            {
                var result = await finalize.HandleAsync(id, "system", ct);
                if (!result.AlreadyFinalized)
                    logger.LogInformation("Tournament {TournamentId} finalized: {Winners} winners, {Points} points awarded.", id, result.Winners, result.PointsAwarded);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Finalizing ended tournaments failed; trying again later.");
        }
    }
}
