namespace Loyalty.Web.Data.Records;

/// <summary>
/// A payment gateway's webhook event that was applied: (Gateway, EventId) is unique and the row is written in the same
/// transaction as the event's effect, so a repeated delivery finds it (or fails its insert) and changes nothing (docs/plus.md).
/// </summary>
public sealed class ProcessedPaymentEvent(string gateway, string eventId, string kind, long? subscriptionId, DateTimeOffset processedAt)
{
    public const int MaxEventIdLength = 255;

    public long Id { get; private set; }
    public string Gateway { get; private set; } = gateway;
    public string EventId { get; private set; } = eventId;
    public string Kind { get; private set; } = kind;

    /// <summary>Ours, when the event named one (no foreign key: the log outlives nothing it points to).</summary>
    public long? SubscriptionId { get; private set; } = subscriptionId;

    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
