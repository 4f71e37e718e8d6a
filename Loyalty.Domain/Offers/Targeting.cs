using System.Globalization;
using Loyalty.Domain.Segments;

namespace Loyalty.Domain.Offers;

/// <summary>
/// Who an offer or campaign reaches. Kinds are ANDed, values within a kind ORed (tier Gold or Platinum, and
/// city Riga); a kind left empty does not restrict, so empty everywhere is everyone. A personal category reaches
/// only members who consented to personalisation and have it among their top categories.
/// Immutable: change targeting by replacing it.
/// </summary>
public sealed class Targeting
{
    private List<int> _tierIds = [];
    private List<string> _segmentCodes = [];
    private List<string> _cities = [];

    private Targeting() { }

    public Targeting(IEnumerable<int>? tierIds = null, IEnumerable<string>? segmentCodes = null, IEnumerable<string>? cities = null,
        string? personalCategory = null)
    {
        _tierIds = (tierIds ?? []).Distinct().ToList();
        _segmentCodes = Normalise(segmentCodes).Select(c => c.ToLowerInvariant()).Distinct().ToList();
        _cities = Normalise(cities);
        PersonalCategory = string.IsNullOrWhiteSpace(personalCategory) ? null : personalCategory.Trim();
        if (PersonalCategory is { Length: > 40 })
            throw new DomainException("targeting.category", "A personalisation category is at most 40 characters.");
    }

    /// <summary>A new instance each time: an owned value must not be shared by two offers.</summary>
    public static Targeting Everyone => new();

    public IReadOnlyList<int> TierIds => _tierIds;

    /// <summary>Value segment codes (<see cref="Loyalty.Domain.Segments.SegmentCodes"/>) and rule segment codes.</summary>
    public IReadOnlyList<string> SegmentCodes => _segmentCodes;

    public IReadOnlyList<string> Cities => _cities;
    public string? PersonalCategory { get; private set; }

    public bool IsEveryone => _tierIds.Count == 0 && _segmentCodes.Count == 0 && _cities.Count == 0 && PersonalCategory is null;

    /// <param name="memberSegmentCodes">The codes of every segment (value and rule) the member is in.</param>
    /// <returns>Null when the member is not reached; otherwise why they are.</returns>
    public TargetingMatch? Match(MemberProfile p, IReadOnlySet<string> memberSegmentCodes)
    {
        if (IsEveryone) return new TargetingMatch([new OfferReason(OfferReasonKind.Everyone, "")]);
        var reasons = new List<OfferReason>();
        if (PersonalCategory is not null)
        {
            // Never personalised without consent, even when the category would match.
            if (!p.PersonalisationConsent || !p.HasTopCategory(PersonalCategory)) return null;
            reasons.Add(new(OfferReasonKind.Category, PersonalCategory));
        }
        if (_tierIds.Count > 0)
        {
            if (!_tierIds.Contains(p.TierId)) return null;
            reasons.Add(new(OfferReasonKind.Tier, p.TierId.ToString(CultureInfo.InvariantCulture)));
        }
        if (_segmentCodes.Count > 0)
        {
            var hits = _segmentCodes.Where(c => memberSegmentCodes.Contains(c)
                || memberSegmentCodes.Any(m => string.Equals(m, c, StringComparison.OrdinalIgnoreCase))).ToList();
            if (hits.Count == 0) return null;
            reasons.AddRange(hits.Select(c => new OfferReason(OfferReasonKind.Segment, c)));
        }
        if (_cities.Count > 0)
        {
            var city = _cities.FirstOrDefault(c => string.Equals(c, (p.HomeCity ?? "").Trim(), StringComparison.OrdinalIgnoreCase));
            if (city is null) return null;
            reasons.Add(new(OfferReasonKind.City, city));
        }
        return new TargetingMatch(reasons);
    }

    private static List<string> Normalise(IEnumerable<string>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
