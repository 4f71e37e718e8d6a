namespace Loyalty.Domain.Ledger;

/// <summary>A member's points at one moment, all derived from the lots (and so from the ledger).</summary>
/// <param name="Available">Spendable now, less any debt; negative while a debt is owed.</param>
/// <param name="Pending">Still inside the return window.</param>
/// <param name="ExpiringSoon">What will expire within the expiry horizon (30 days).</param>
/// <param name="NextExpiryDate">When the earliest of those expires.</param>
/// <param name="Lifetime">Everything ever credited as earnings or bonuses.</param>
/// <param name="Debt">Points owed after a return took back points already spent.</param>
public sealed record PointsBalance(
    long Available,
    long Pending,
    long ExpiringSoon,
    DateTimeOffset? NextExpiryDate,
    long Lifetime,
    long Debt)
{
    public static readonly TimeSpan ExpiryHorizon = TimeSpan.FromDays(30);

    public static PointsBalance Empty { get; } = new(0, 0, 0, null, 0, 0);

    /// <summary>Available plus pending: what the sum of the ledger says the member holds.</summary>
    public long Total => Available + Pending;
}
