namespace Loyalty.Domain.Tournaments;

/// <summary>Ranks <see cref="FromRank"/>..<see cref="ToRank"/> (inclusive, 1-based) win bonus points, a reward, or both.</summary>
public sealed record PrizeRange(int FromRank, int ToRank, long BonusPoints, int? RewardId)
{
    public const long MaxBonusPoints = 10_000_000;

    public bool Covers(int rank) => rank >= FromRank && rank <= ToRank;

    /// <summary>Checks one table of prizes: each range valid, ranges not overlapping. Returns them ordered by rank.</summary>
    public static IReadOnlyList<PrizeRange> ValidateTable(IEnumerable<PrizeRange>? prizes)
    {
        var list = (prizes ?? []).OrderBy(p => p.FromRank).ToList();
        if (list.Count > 20) throw new DomainException("tournament.prizes", "A prize table has at most 20 rows.");
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            if (p.FromRank < 1 || p.ToRank < p.FromRank || p.ToRank > 100_000)
                throw new DomainException("tournament.prizes",
                    $"Prize row {i + 1}: ranks go from 1 up, and 'to' must not be below 'from' (got {p.FromRank}-{p.ToRank}).");
            if (p.BonusPoints is < 0 or > MaxBonusPoints)
                throw new DomainException("tournament.prizes", $"Prize row {i + 1}: bonus points must be between 0 and {MaxBonusPoints:N0}.");
            if (p.BonusPoints == 0 && p.RewardId is null)
                throw new DomainException("tournament.prizes", $"Prize row {i + 1}: give bonus points, a reward, or both.");
            if (i > 0 && p.FromRank <= list[i - 1].ToRank)
                throw new DomainException("tournament.prizes",
                    $"Prize rows overlap: ranks {list[i - 1].FromRank}-{list[i - 1].ToRank} and {p.FromRank}-{p.ToRank}.");
        }
        return list;
    }
}
