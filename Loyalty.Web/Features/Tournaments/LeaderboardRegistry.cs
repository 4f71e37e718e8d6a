using System.Collections.Concurrent;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// The live boards of this app instance, one per tournament, built from the database the first time someone looks
/// (and at start for live tournaments), then moved by committed score changes: this instance's own, and other
/// instances' through the <see cref="IScoreBus"/>. Boards are keyed by the tournament's id and checked against its
/// <see cref="Domain.Tournaments.Tournament.Key"/>, so a deleted or re-created tournament never shows stale ranks.
/// </summary>
public sealed class LeaderboardRegistry(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache terms, ILogger<LeaderboardRegistry> logger)
{
    private readonly ConcurrentDictionary<int, LiveBoard> _boards = new();

    /// <summary>Boards this instance holds.</summary>
    public ICollection<LiveBoard> Boards => _boards.Values;

    /// <summary>Raised by the broadcaster after each coalesced update (for pages in this process).</summary>
    public event Action<BoardNews>? News;

    /// <summary>The board of a tournament, loading it if needed; null when there is no such tournament.</summary>
    public async Task<LiveBoard?> GetAsync(int tournamentId, CancellationToken ct = default)
    {
        if (_boards.TryGetValue(tournamentId, out var known))
        {
            await known.Ready.WaitAsync(ct);
            return known;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tournamentId, ct);
        if (tournament is null) return null;
        var currency = (await terms.GetAsync(ct)).Settings.Currency;
        var board = new LiveBoard(TournamentInfo.Of(tournament, currency));
        var loading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        board.Ready = loading.Task;
        if (!_boards.TryAdd(tournamentId, board))
            return await GetAsync(tournamentId, ct);
        try
        {
            // Changes committed from here on reach the board (it queues them until loaded); earlier ones are in the rows.
            var rows = await db.TournamentEntries.AsNoTracking().Where(e => e.TournamentId == tournamentId)
                .Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new { e.Id, e.MemberId, m.DisplayName, m.UserId, e.Score, e.ReachedAtTicks })
                .ToListAsync(CancellationToken.None);
            board.Load(rows.Select(r => (new Participant(r.Id, r.MemberId, r.DisplayName, r.UserId), r.Score, r.ReachedAtTicks)));
            loading.SetResult();
            return board;
        }
        catch (Exception ex)
        {
            _boards.TryRemove(new KeyValuePair<int, LiveBoard>(tournamentId, board));
            loading.SetException(ex);
            throw;
        }
    }

    /// <summary>Committed score changes; <paramref name="here"/> when this instance committed them.</summary>
    public void Apply(IReadOnlyList<ScoreChange> changes, bool here)
    {
        foreach (var change in changes)
            if (_boards.TryGetValue(change.TournamentId, out var board))
                board.Apply(change, here);
        // A board not loaded yet will read these from the database when first asked for.
    }

    /// <summary>The tournament was changed (window, name, finalized) or deleted: refresh or drop its board.</summary>
    public async Task RefreshAsync(int tournamentId, CancellationToken ct = default)
    {
        if (!_boards.TryGetValue(tournamentId, out var board)) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tournamentId, ct);
        if (tournament is null || tournament.Key != board.Info.Key)
        {
            Forget(tournamentId);
            logger.LogInformation("Dropped the board of tournament {TournamentId}: deleted or re-created.", tournamentId);
            return;
        }
        board.UpdateInfo(TournamentInfo.Of(tournament, board.Info.Currency));
    }

    public void Forget(int tournamentId) => _boards.TryRemove(tournamentId, out _);

    internal void Publish(BoardNews news)
    {
        foreach (var subscriber in News?.GetInvocationList().Cast<Action<BoardNews>>() ?? [])
        {
            try
            {
                subscriber(news);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page could not take the news of tournament {TournamentId}.", news.TournamentId);
            }
        }
    }
}

/// <summary>A coalesced update for pages: who moved, and who was overtaken by whom.</summary>
public sealed record BoardNews(int TournamentId, IReadOnlyCollection<long> Moved, IReadOnlyList<Overtake> Overtakes);
