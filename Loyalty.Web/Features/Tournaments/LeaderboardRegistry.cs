using System.Collections.Concurrent;
using Loyalty.Domain.Members;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// The live boards of this app instance, one per tournament, built from the database the first time someone looks
/// (and at start for live tournaments), then moved by committed score changes: this instance's own, and other
/// instances' through the <see cref="IScoreBus"/>. Boards are keyed by the tournament's id and checked against its
/// <see cref="Domain.Tournaments.Tournament.Key"/>, so a deleted or re-created tournament never shows stale ranks.
/// The public (anyone may ask, <see cref="GetPublicAsync"/>) can load only public boards; ids found missing or not public
/// are remembered for a while, and the boards of ended tournaments leave memory when idle (<see cref="EvictIdle"/>).
/// </summary>
public sealed class LeaderboardRegistry(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgramTermsCache terms,
    IOptions<LiveBoardOptions> options,
    TimeProvider clock,
    ILogger<LeaderboardRegistry> logger)
{
    private readonly ConcurrentDictionary<int, LiveBoard> _boards = new();
    private readonly RecentRefusals _refused = new(clock, options.Value.RefusalCacheEntries);

    /// <summary>Boards this instance holds.</summary>
    public ICollection<LiveBoard> Boards => _boards.Values;

    /// <summary>Ids this instance currently answers from memory as missing or not public.</summary>
    internal int RefusedIds => _refused.Count;

    /// <summary>Raised by the broadcaster after each coalesced update (for pages in this process).</summary>
    public event Action<BoardNews>? News;

    /// <summary>The board of a tournament, loading it if needed; null when there is no such tournament.</summary>
    public async Task<LiveBoard?> GetAsync(int tournamentId, CancellationToken ct = default) =>
        (await FindAsync(tournamentId, publicOnly: false, ct)).Board;

    /// <summary>
    /// The board of a public tournament (live, or ended within <see cref="LiveBoardOptions.PublicDays"/>), loading it if
    /// needed. Any other id loads nothing and is answered from memory for <see cref="LiveBoardOptions.RefusalCacheSeconds"/>.
    /// </summary>
    public Task<(BoardAccess Access, LiveBoard? Board)> GetPublicAsync(int tournamentId, CancellationToken ct = default) =>
        FindAsync(tournamentId, publicOnly: true, ct);

    private async Task<(BoardAccess Access, LiveBoard? Board)> FindAsync(int tournamentId, bool publicOnly, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        if (_boards.TryGetValue(tournamentId, out var known))
        {
            if (publicOnly && !o.IsPublic(known.Info.StartsAt, known.Info.EndsAt, now)) return (BoardAccess.NotPublic, null);
            known.Touch(now);
            await known.Ready.WaitAsync(ct);
            return (BoardAccess.Public, known);
        }
        if (_refused.Find(tournamentId) is { } refused && (publicOnly || refused == BoardAccess.NotFound)) return (refused, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tournamentId, ct);
        var remember = now.AddSeconds(o.RefusalCacheSeconds);
        if (tournament is null)
        {
            _refused.Add(tournamentId, BoardAccess.NotFound, remember);
            return (BoardAccess.NotFound, null);
        }
        if (publicOnly && !o.IsPublic(tournament.StartsAt, tournament.EndsAt, now))
        {
            // A scheduled tournament becomes public at its start: not remembered as refused past it.
            _refused.Add(tournamentId, BoardAccess.NotPublic, tournament.StartsAt > now && tournament.StartsAt < remember ? tournament.StartsAt : remember);
            return (BoardAccess.NotPublic, null);
        }
        var currency = (await terms.GetAsync(ct)).Settings.Currency;
        var board = new LiveBoard(TournamentInfo.Of(tournament, currency));
        board.Touch(now);
        var loading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        board.Ready = loading.Task;
        if (!_boards.TryAdd(tournamentId, board))
            return await FindAsync(tournamentId, publicOnly, ct);
        try
        {
            // Changes committed from here on reach the board (it queues them until loaded); earlier ones are in the rows.
            var style = await RefreshPublicName.StyleAsync(db, CancellationToken.None);
            var rows = await db.TournamentEntries.AsNoTracking().Where(e => e.TournamentId == tournamentId)
                .Join(db.Members, e => e.MemberId, m => m.Id, (e, m) => new
                {
                    e.Id, e.MemberId, m.DisplayName, m.MemberNumber, m.PublicNameConsent, m.UserId, e.Score, e.ReachedAtTicks,
                })
                .ToListAsync(CancellationToken.None);
            board.Load(rows.Select(r => (new Participant(r.Id, r.MemberId,
                PublicName.Of(r.PublicNameConsent, r.DisplayName, r.MemberNumber, r.MemberId, style), r.UserId), r.Score, r.ReachedAtTicks)));
            loading.SetResult();
            return (BoardAccess.Public, board);
        }
        catch (Exception ex)
        {
            _boards.TryRemove(new KeyValuePair<int, LiveBoard>(tournamentId, board));
            loading.SetException(ex);
            throw;
        }
    }

    /// <summary>
    /// Drops the boards of ended (or finalized) tournaments nobody asked for in <see cref="LiveBoardOptions.IdleMinutes"/>:
    /// their scores no longer move, so the next one to ask reloads them from the database. Returns how many went.
    /// </summary>
    public int EvictIdle()
    {
        var now = clock.GetUtcNow();
        var idleSince = now.AddMinutes(-options.Value.IdleMinutes);
        var evicted = 0;
        foreach (var (id, board) in _boards)
        {
            if (!board.Ready.IsCompleted || board.LastUsedAt > idleSince
                || board.Info.StateAt(now) is not (TournamentState.Ended or TournamentState.Finalized)) continue;
            if (_boards.TryRemove(new KeyValuePair<int, LiveBoard>(id, board))) evicted++;
        }
        if (evicted > 0) logger.LogInformation("Dropped {Count} idle boards of ended tournaments from memory.", evicted);
        return evicted;
    }

    /// <summary>Committed score changes; <paramref name="here"/> when this instance committed them.</summary>
    public void Apply(IReadOnlyList<ScoreChange> changes, bool here)
    {
        foreach (var change in changes)
            if (_boards.TryGetValue(change.TournamentId, out var board))
                board.Apply(change, here);
        // A board not loaded yet will read these from the database when first asked for.
    }

    /// <summary>Members' new public names, on every board of this instance that shows them.</summary>
    public void Rename(IReadOnlyList<PublicNameChange> names)
    {
        foreach (var board in _boards.Values) board.Rename(names);
    }

    /// <summary>The tournament was changed (window, name, finalized) or deleted: refresh or drop its board.</summary>
    public async Task RefreshAsync(int tournamentId, CancellationToken ct = default)
    {
        _refused.Forget(tournamentId); // e.g. just created, or started: no longer missing or scheduled
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
