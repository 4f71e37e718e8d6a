namespace Loyalty.Domain.Tournaments;

/// <summary>What a participant's score counts.</summary>
public enum TournamentScoring
{
    /// <summary>Points earned from purchases made in the window.</summary>
    PointsEarned = 1,
    /// <summary>Purchases made in the window.</summary>
    PurchaseCount = 2,
    /// <summary>Money spent in the window, in cents (hundredths of the program currency).</summary>
    Spend = 3,
    /// <summary>How often one activity event (its code) was recorded in the window.</summary>
    ActivityEvent = 4,
}

public enum TournamentState
{
    Scheduled = 1,
    Live = 2,
    Ended = 3,
    Finalized = 4,
}
