namespace Loyalty.Domain.Earning;

/// <summary>Something a member does that earns a fixed number of points (app check-in, review, quiz...), capped per day.</summary>
public sealed class ActivityEventType
{
    private ActivityEventType() { Code = ""; Name = ""; }

    public ActivityEventType(string code, string name, long points, int dailyCap)
    {
        Name = "";
        Code = (code ?? "").Trim().ToLowerInvariant();
        if (Code.Length is 0 or > 40) throw new DomainException("event.code", "An event code is needed (at most 40 characters).");
        Update(name, points, dailyCap);
    }

    public int Id { get; private set; }
    public string Code { get; private set; }
    public string Name { get; private set; }
    public long Points { get; private set; }

    /// <summary>How many of these events a member can earn for in one UTC day.</summary>
    public int DailyCap { get; private set; }

    public void Update(string name, long points, int dailyCap)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 80) throw new DomainException("event.name", "An event name is needed (at most 80 characters).");
        if (points is < 0 or > 100_000) throw new DomainException("event.points", $"Event '{name}': points must be between 0 and 100,000.");
        if (dailyCap is < 1 or > 1_000) throw new DomainException("event.cap", $"Event '{name}': the daily cap must be between 1 and 1,000.");
        (Name, Points, DailyCap) = (name, points, dailyCap);
    }
}

/// <summary>One reported activity event, kept so the same external id counts once and the daily cap can be applied.</summary>
public sealed class MemberEvent(string externalId, long memberId, int eventTypeId, DateTimeOffset occurredAt, long points, string requestHash,
    int ownerId = Integrations.IntegrationOwner.Program, Guid? apiKeyId = null, DateTimeOffset? recordedAt = null)
{
    public long Id { get; private set; }
    public string ExternalId { get; private set; } = externalId;

    /// <summary>Whose external id it is (<see cref="Integrations.IntegrationOwner"/>): unique per owner, not across owners.</summary>
    public int OwnerId { get; private set; } = ownerId;

    /// <summary>The API key that sent it (its points count against the key's daily cap), or null for one entered by the program.</summary>
    public Guid? ApiKeyId { get; private set; } = apiKeyId;

    /// <summary>When the program recorded it (the key's daily cap counts by this, not by the caller's time); null on events from before it was kept.</summary>
    public DateTimeOffset? RecordedAt { get; private set; } = recordedAt;
    public long MemberId { get; private set; } = memberId;
    public int EventTypeId { get; private set; } = eventTypeId;
    public DateTimeOffset OccurredAt { get; private set; } = occurredAt;
    public long Points { get; private set; } = points;
    public string RequestHash { get; private set; } = requestHash;
}
