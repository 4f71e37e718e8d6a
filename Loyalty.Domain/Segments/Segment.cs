using System.Globalization;
using System.Text.RegularExpressions;

namespace Loyalty.Domain.Segments;

/// <summary>
/// A segment an admin defines by rules, all of which must hold; a rule left empty does not restrict.
/// Its size is recomputed on a schedule and on demand.
/// </summary>
public sealed partial class Segment
{
    private List<int> _tierIds = [];
    private List<string> _cities = [];

    private Segment() { Code = ""; Name = ""; }

    public Segment(string code, string name, IEnumerable<int>? tierIds, IEnumerable<string>? cities, int? minAge, int? maxAge,
        string? topCategory, int? activeWithinDays)
    {
        code = (code ?? "").Trim().ToLowerInvariant();
        if (!CodePattern().IsMatch(code))
            throw new DomainException("segment.code",
                $"A segment code is 2-40 characters of lower-case letters, digits and '-', e.g. 'riga-coffee'; '{code}' is not.");
        if (SegmentCodes.IsReserved(code))
            throw new DomainException("segment.code-reserved",
                $"'{code}' is the code of a value segment; choose another code for a rule segment.");
        Code = code;
        Name = "";
        Update(name, tierIds, cities, minAge, maxAge, topCategory, activeWithinDays);
    }

    public int Id { get; private set; }

    /// <summary>The slug offers and campaigns target; fixed once created.</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    /// <summary>Members in any of these tiers; empty = any tier.</summary>
    public IReadOnlyList<int> TierIds => _tierIds;

    /// <summary>Members whose home city is one of these (case-insensitive); empty = any city.</summary>
    public IReadOnlyList<string> Cities => _cities;

    public int? MinAge { get; private set; }
    public int? MaxAge { get; private set; }

    /// <summary>Members with this among their top categories (and who consented to personalisation).</summary>
    public string? TopCategory { get; private set; }

    /// <summary>Members active within this many days.</summary>
    public int? ActiveWithinDays { get; private set; }

    /// <summary>Members matched at the last computation.</summary>
    public int Size { get; private set; }

    public DateTimeOffset? ComputedAt { get; private set; }

    public void Update(string name, IEnumerable<int>? tierIds, IEnumerable<string>? cities, int? minAge, int? maxAge,
        string? topCategory, int? activeWithinDays)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 80) throw new DomainException("segment.name", "A segment needs a name of 1-80 characters.");
        var tiers = (tierIds ?? []).Distinct().ToList();
        var cityList = Normalise(cities);
        if (minAge is < 13 or > 120 || maxAge is < 13 or > 120)
            throw new DomainException("segment.age", $"Ages must be between 13 and 120 (got {minAge?.ToString(CultureInfo.InvariantCulture) ?? "–"} to {maxAge?.ToString(CultureInfo.InvariantCulture) ?? "–"}).");
        if (minAge > maxAge)
            throw new DomainException("segment.age-band", $"The minimum age ({minAge}) cannot be above the maximum age ({maxAge}).");
        topCategory = string.IsNullOrWhiteSpace(topCategory) ? null : topCategory.Trim();
        if (topCategory is { Length: > 40 })
            throw new DomainException("segment.category", "A category is at most 40 characters.");
        if (activeWithinDays is < 1 or > 3650)
            throw new DomainException("segment.activity", $"'Active within' must be between 1 and 3650 days, not {activeWithinDays}.");
        if (tiers.Count == 0 && cityList.Count == 0 && minAge is null && maxAge is null && topCategory is null && activeWithinDays is null)
            throw new DomainException("segment.no-rule",
                "A segment without rules would hold every member; add at least one rule (tier, city, age, category or activity).");
        (Name, _tierIds, _cities, MinAge, MaxAge, TopCategory, ActiveWithinDays) =
            (name, tiers, cityList, minAge, maxAge, topCategory, activeWithinDays);
    }

    public bool Matches(MemberProfile p, DateOnly today, DateTimeOffset now)
    {
        if (_tierIds.Count > 0 && !_tierIds.Contains(p.TierId)) return false;
        if (_cities.Count > 0 && !_cities.Contains((p.HomeCity ?? "").Trim(), StringComparer.OrdinalIgnoreCase)) return false;
        if (MinAge is not null || MaxAge is not null)
        {
            if (p.AgeOn(today) is not { } age || age < MinAge || age > MaxAge) return false;
        }
        // Category affinity comes from purchase history: no personalisation without consent.
        if (TopCategory is not null && !(p.PersonalisationConsent && p.HasTopCategory(TopCategory))) return false;
        if (ActiveWithinDays is { } days && (p.LastActivityAt is not { } last || now - last > TimeSpan.FromDays(days))) return false;
        return true;
    }

    public void RecordSize(int size, DateTimeOffset at)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), size, "A segment size cannot be negative.");
        (Size, ComputedAt) = (size, at);
    }

    private static List<string> Normalise(IEnumerable<string>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();


    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex CodePattern();
}
