namespace Loyalty.Domain.Tournaments;

/// <summary>A member's place in one tournament: their score and when they reached it (earlier wins a tie).</summary>
public sealed class TournamentEntry
{
    private TournamentEntry() { }

    public TournamentEntry(int tournamentId, long memberId, DateTimeOffset joinedAt)
    {
        TournamentId = tournamentId;
        MemberId = memberId;
        JoinedAt = joinedAt;
        ReachedAtTicks = joinedAt.UtcTicks;
    }

    public long Id { get; private set; }
    public int TournamentId { get; private set; }
    public long MemberId { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }
    public long Score { get; private set; }

    /// <summary>UTC ticks of when the current score was reached: the tie-break, kept exact in every database.</summary>
    public long ReachedAtTicks { get; private set; }

    /// <summary>Set when the tournament is finalized.</summary>
    public int? FinalRank { get; private set; }

    /// <summary>Adds (or, for a return, takes off) points of score. The score never goes below 0.</summary>
    /// <returns>Whether the score changed.</returns>
    public bool AddScore(long delta, DateTimeOffset at)
    {
        var score = Math.Max(0, Score + delta);
        if (score == Score) return false;
        Score = score;
        // Strictly later than the last change, so the order of changes is the order of times even within one tick.
        ReachedAtTicks = Math.Max(at.UtcTicks, ReachedAtTicks + 1);
        return true;
    }

    public void Freeze(int rank) => FinalRank = rank;
}
