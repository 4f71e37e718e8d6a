namespace Loyalty.Domain.Integrations;

/// <summary>
/// Whose external ids a purchase or event was reported under: <see cref="Program"/> (0) for the program's own keys and
/// entries, otherwise the id of the partner whose key sent it. External ids are unique per owner, so the same id from two
/// partners is two purchases, and one owner's key never finds another's. A number, not a nullable partner id, so the unique
/// index (owner, external id) holds the same on SQLite (NULLs distinct) and SQL Server (NULL a value, filtered out by EF).
/// </summary>
public static class IntegrationOwner
{
    public const int Program = 0;

    public static int Of(int? partnerId) => partnerId ?? Program;
}
