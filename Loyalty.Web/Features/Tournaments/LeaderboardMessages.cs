using Loyalty.Domain.Tournaments;

namespace Loyalty.Web.Features.Tournaments;

// What /hubs/leaderboard sends and answers (JSON, camelCase). Spectators see public names only (the display name of a
// member who opted in, else the program's pseudonym), never e-mails, and never the amounts of a money tournament.
//
// Hub methods:
//   Subscribe(tournamentId)   -> LeaderboardSnapshot   anyone (no login); joins the tournament's updates
//   Unsubscribe(tournamentId)                          anyone
//   WatchMe(tournamentId)     -> MyStanding?           members only (logged in): then "me" and "overtaken" arrive
// Client events:
//   "diff"      LeaderboardDiff     coalesced (a few per second at most per tournament): changed rows and rows gone
//   "me"        MyStanding          the member's own rank, score and the players around them
//   "overtaken" OvertakenNotice     someone passed the member

/// <summary>One row of a leaderboard.</summary>
/// <param name="Key">Stable id of the participant in this tournament (not the member id).</param>
/// <param name="Name">The public name (<see cref="Domain.Members.PublicName"/>).</param>
/// <param name="Score">In the tournament's unit; null for "money": nobody's spending is shown to others.</param>
/// <param name="PreviousRank">The rank before this update, when it moved; null when new or unchanged.</param>
/// <param name="Bar">For "money" only: the score as thousandths of the leader's (1000 = the leader), in steps of 50 (5%, rounded down), for a relative bar.</param>
public sealed record LeaderboardRow(long Key, string Name, long? Score, int Rank, int? PreviousRank, int? Bar = null);

/// <param name="State">"scheduled", "live", "ended" or "finalized".</param>
/// <param name="ScoreUnit">"points", "purchases", "money" or "events".</param>
/// <param name="Currency">Empty for "money": no amounts are shown, so none needs a currency.</param>
/// <param name="Seq">Grows with every diff sent for this tournament by this server.</param>
public sealed record LeaderboardSnapshot(
    int TournamentId,
    string Name,
    string State,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string ScoreUnit,
    string Currency,
    long Seq,
    int Count,
    IReadOnlyList<LeaderboardRow> Rows);

/// <summary>Apply on top of the last snapshot: replace the rows with these keys, drop the gone ones, keep the rest.</summary>
public sealed record LeaderboardDiff(
    int TournamentId,
    long Seq,
    string State,
    DateTimeOffset EndsAt,
    int Count,
    IReadOnlyList<LeaderboardRow> Rows,
    IReadOnlyList<long> Gone);

/// <param name="Score">The member's own score (for "money" their own amount, in cents); the rows around them follow <see cref="LeaderboardRow"/>.</param>
public sealed record MyStanding(int TournamentId, long Key, int Rank, long Score, int Count, IReadOnlyList<LeaderboardRow> Around);

public sealed record OvertakenNotice(int TournamentId, string By, int Rank);

/// <summary>The <c>ScoreUnit</c> of the messages (and of the spectator page's <c>data-unit</c>), one name per way of scoring.</summary>
public static class ScoreUnits
{
    public static string Of(TournamentScoring scoring) => scoring switch
    {
        TournamentScoring.PurchaseCount => "purchases",
        TournamentScoring.Spend => "money",
        TournamentScoring.ActivityEvent => "events",
        _ => "points",
    };
}
