namespace Loyalty.Web.Data.Records;

/// <summary>
/// A tournament's participation and its participants' and everyone else's purchases over its window, as last measured: the
/// analytics page reads these instead of the window's purchases. Kept by <c>Features/Tournaments/RefreshTournamentSpend</c>
/// (docs/campaigns.md, "Results on the analytics page").
/// </summary>
public sealed class TournamentSpendSnapshot(int tournamentId)
{
    public int TournamentId { get; private set; } = tournamentId;
    public int Participants { get; set; }

    /// <summary>Members who had joined the program by the tournament's end.</summary>
    public int Members { get; set; }

    public decimal ParticipantSales { get; set; }
    public decimal OtherSales { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
