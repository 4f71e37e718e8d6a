namespace Loyalty.Web.Features.Tournaments;

/// <summary>Carries committed score changes and tournament edits to every app instance's boards (this one included).</summary>
public interface IScoreBus
{
    void Publish(IReadOnlyList<ScoreChange> changes);

    /// <summary>Members' public names changed (committed): every instance renames them on its boards at once.</summary>
    void Renamed(IReadOnlyList<PublicNameChange> names);

    /// <summary>A tournament was edited, finalized or deleted: every instance refreshes (or drops) its board.</summary>
    void TournamentChanged(int tournamentId);
}

/// <summary>One app instance: changes go straight to its boards.</summary>
public sealed class LocalScoreBus(LeaderboardRegistry registry, LiveTournamentsCache liveCache, ILogger<LocalScoreBus> logger) : IScoreBus
{
    public void Publish(IReadOnlyList<ScoreChange> changes) => registry.Apply(changes, here: true);

    public void Renamed(IReadOnlyList<PublicNameChange> names) => registry.Rename(names);

    public void TournamentChanged(int tournamentId) => _ = Refresh(registry, liveCache, tournamentId, logger);

    internal static async Task Refresh(LeaderboardRegistry registry, LiveTournamentsCache liveCache, int tournamentId, ILogger logger)
    {
        // Scoring reads the window from this cache: an instance must not go on scoring a tournament ended elsewhere.
        liveCache.Invalidate();
        try
        {
            await registry.RefreshAsync(tournamentId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The board of tournament {TournamentId} could not be refreshed.", tournamentId);
        }
    }
}
