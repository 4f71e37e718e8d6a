namespace Loyalty.Domain.Segments;

/// <summary>What segments and targeting look at for one member.</summary>
/// <param name="TopCategories">Categories the member spends most on, most first, at most three.</param>
/// <param name="PersonalisationConsent">Without it, nothing derived from purchase history may pick the member out.</param>
public sealed record MemberProfile(long MemberId, int TierId, string HomeCity, DateOnly? BirthDate, ValueSegment Value,
    IReadOnlyList<string> TopCategories, DateTimeOffset? LastActivityAt, bool PersonalisationConsent)
{
    /// <summary>Whole years on <paramref name="today"/>; someone born on 29 February turns a year older on 28 February in other years.</summary>
    public int? AgeOn(DateOnly today)
    {
        if (BirthDate is not { } born) return null;
        var age = today.Year - born.Year;
        if (today < born.AddYears(age)) age--;
        return age;
    }

    public bool HasTopCategory(string category) =>
        TopCategories.Any(c => string.Equals(c.Trim(), category.Trim(), StringComparison.OrdinalIgnoreCase));
}
