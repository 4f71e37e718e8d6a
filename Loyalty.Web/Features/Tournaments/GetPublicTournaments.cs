using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>What anyone may see of a tournament: no member data, only the participant count.</summary>
public sealed record PublicTournament(int Id, string Name, string Description, TournamentState State, TournamentScoring Scoring,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Participants);

/// <summary>
/// The tournaments on the public live pages: live ones, and those that ended in the last <see cref="LiveBoardOptions.PublicDays"/>
/// days (the same the hub lets anyone watch).
/// </summary>
public sealed class GetPublicTournaments(IDbContextFactory<LoyaltyDbContext> dbFactory, IOptions<LiveBoardOptions> options, TimeProvider clock)
{
    /// <summary>Live first (ending soonest first), then the recent ones, most recently ended first.</summary>
    public async Task<IReadOnlyList<PublicTournament>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = options.Value.PublicSince(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournaments = await db.Tournaments.AsNoTracking()
            .Where(t => t.StartsAt <= now && t.EndsAt > since)
            .ToListAsync(ct);
        var counts = await CountsAsync(db, tournaments.Select(t => t.Id).ToList(), ct);
        return tournaments
            .Select(t => View(t, now, counts.GetValueOrDefault(t.Id)))
            .Where(t => t.State != TournamentState.Scheduled)
            .OrderBy(t => t.State == TournamentState.Live ? 0 : 1)
            .ThenBy(t => t.State == TournamentState.Live ? t.EndsAt.UtcTicks : -t.EndsAt.UtcTicks)
            .ToList();
    }

    /// <summary>One tournament whatever its state (a link to a scheduled one shows it is not live yet); null when there is none.</summary>
    public async Task<PublicTournament?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tournament is null) return null;
        var counts = await CountsAsync(db, [id], ct);
        return View(tournament, clock.GetUtcNow(), counts.GetValueOrDefault(id));
    }

    private static Task<Dictionary<int, int>> CountsAsync(LoyaltyDbContext db, List<int> ids, CancellationToken ct) =>
        db.TournamentEntries.Where(e => ids.Contains(e.TournamentId))
            .GroupBy(e => e.TournamentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static PublicTournament View(Tournament t, DateTimeOffset now, int participants) =>
        new(t.Id, t.Name, t.Description, t.StateAt(now), t.Scoring, t.StartsAt, t.EndsAt, participants);
}
