using Loyalty.Domain;

namespace Loyalty.Web.Features;

// What purchases, returns and activity events from integrations have in common: ids, times and money in answers.

/// <summary>Times as every database keeps them exactly: whole milliseconds, UTC.</summary>
internal static class Times
{
    public static DateTimeOffset ToMilliseconds(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>Money in answers always has two decimals, whatever scale the database gave back.</summary>
internal static class Money
{
    public static decimal Normalize(decimal amount) => decimal.Round(amount, 2) + 0.00m;
}

/// <summary>The ids integrations send (externalId, returnId): one shape for all of them.</summary>
internal static class ExternalIds
{
    public static void Validate(string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 100 || !id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            throw DomainException.Invalid("request.id", "An id of 1-100 characters (letters, digits, '-', '_', '.', ':') is required.", field: field);
    }
}
