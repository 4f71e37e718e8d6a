namespace Loyalty.Domain.Tiers;

/// <summary>The program's tier ladder, lowest first. The lowest tier starts at 0 points.</summary>
public sealed class TierPolicy
{
    private readonly List<Tier> _ladder;

    public TierPolicy(IEnumerable<Tier> tiers)
    {
        _ladder = tiers.OrderBy(t => t.Threshold).ToList();
        if (_ladder.Count == 0)
            throw new DomainException("tier.none", "The program needs at least one tier.");
        if (_ladder[0].Threshold != 0)
            throw new DomainException("tier.no-entry-tier", $"The lowest tier ('{_ladder[0].Name}') must start at 0 points.");
        var clash = _ladder.GroupBy(t => t.Threshold).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new DomainException("tier.duplicate-threshold",
                $"Tiers {string.Join(" and ", clash.Select(t => t.Name))} share the threshold {clash.Key}; each tier needs its own.");
    }

    public IReadOnlyList<Tier> Ladder => _ladder;
    public Tier Entry => _ladder[0];

    /// <summary>The highest tier whose threshold the points reach.</summary>
    public Tier TierFor(long qualifyingPoints) => _ladder.Last(t => t.Threshold <= qualifyingPoints);

    public Tier? Above(Tier tier)
    {
        var i = IndexOf(tier);
        return i + 1 < _ladder.Count ? _ladder[i + 1] : null;
    }

    public Tier? Below(Tier tier)
    {
        var i = IndexOf(tier);
        return i > 0 ? _ladder[i - 1] : null;
    }

    /// <summary>
    /// At a review date: keep the tier if the points still reach it, else go down one tier (never more).
    /// </summary>
    public Tier Review(Tier current, long qualifyingPoints) =>
        qualifyingPoints >= current.Threshold ? current : Below(current) ?? current;

    /// <summary>Where the member stands on the way from their tier to the next one.</summary>
    public TierProgress Progress(Tier current, long qualifyingPoints)
    {
        var next = Above(current);
        if (next is null)
            return new TierProgress(current, null, qualifyingPoints, 0, 100);
        var toNext = Math.Max(0, next.Threshold - qualifyingPoints);
        var span = next.Threshold - current.Threshold;
        var into = Math.Clamp(qualifyingPoints - current.Threshold, 0, span);
        var percent = span == 0 ? 100 : (int)(into * 100 / span);
        return new TierProgress(current, next, qualifyingPoints, toNext, percent);
    }

    private int IndexOf(Tier tier)
    {
        var i = _ladder.FindIndex(t => t.Code == tier.Code);
        return i >= 0 ? i : throw new ArgumentException($"Tier '{tier.Code}' is not part of this program.", nameof(tier));
    }
}

/// <param name="PointsToNext">Qualifying points still needed for <paramref name="Next"/>; 0 at the top.</param>
/// <param name="Percent">0-100, the share of the way from the current tier's threshold to the next.</param>
public sealed record TierProgress(Tier Current, Tier? Next, long QualifyingPoints, long PointsToNext, int Percent);
