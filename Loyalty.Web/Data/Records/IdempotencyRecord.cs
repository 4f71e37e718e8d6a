namespace Loyalty.Web.Data.Records;

/// <summary>
/// A single-item change made with a caller's idempotency key, kept in the change's own transaction: a retry with the same key
/// is answered from <see cref="Answer"/> and changes nothing; the same key with another request is refused. Kept at least
/// a week: the ledger writer removes older ones on its first batch and every 1,000th.
/// </summary>
/// <param name="Scope">What kind of change, and whose ("points.adjust:alice@example.com"): two callers' keys never meet.</param>
/// <param name="RequestHash">SHA-256 of the request, hex: tells a retry from a different request under the same key.</param>
/// <param name="Answer">The first answer, as JSON.</param>
public sealed class IdempotencyRecord(string scope, string key, string requestHash, string answer, DateTimeOffset createdAt)
{
    public const int MaxKeyLength = 100;
    public const int MaxScopeLength = 300;

    public long Id { get; private set; }
    public string Scope { get; private set; } = scope;
    public string Key { get; private set; } = key;
    public string RequestHash { get; private set; } = requestHash;
    public string Answer { get; private set; } = answer;
    public DateTimeOffset CreatedAt { get; private set; } = createdAt;
}
