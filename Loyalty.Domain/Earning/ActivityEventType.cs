namespace Loyalty.Domain.Earning;

/// <summary>
/// Something a member does that earns points. Either a fixed number of points per event (app check-in, review, quiz...),
/// capped at a number of events per UTC day; or points per unit of an amount the event carries (a stake: 1 pt per 10.00 of a
/// bet), from a minimum amount, capped at a number of points per member per UTC day.
/// </summary>
public sealed class ActivityEventType
{
    public const decimal MaxAmount = 100_000_000m;

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

    /// <summary>Points per event; for a per-amount type, points per <see cref="UnitAmount"/> of the event's amount.</summary>
    public long Points { get; private set; }

    /// <summary>How many of these events a member can earn for in one UTC day (fixed-points types; 0 for per-amount types).</summary>
    public int DailyCap { get; private set; }

    /// <summary>The amount that earns <see cref="Points"/> (per-amount types); null for a fixed-points type.</summary>
    public decimal? UnitAmount { get; private set; }

    /// <summary>Below this amount an event is recorded and earns nothing (per-amount types).</summary>
    public decimal MinimumAmount { get; private set; }

    /// <summary>At most this many points per member in one UTC day (per-amount types).</summary>
    public long DailyPointsCap { get; private set; }

    public bool EarnsPerAmount => UnitAmount is not null;

    /// <summary>A fixed number of points per event, at most <paramref name="dailyCap"/> events a day.</summary>
    public void Update(string name, long points, int dailyCap)
    {
        SetName(name);
        if (points is < 0 or > 100_000) throw new DomainException("event.points", $"Event '{Name}': points must be between 0 and 100,000.");
        if (dailyCap is < 1 or > 1_000) throw new DomainException("event.cap", $"Event '{Name}': the daily cap must be between 1 and 1,000.");
        (Points, DailyCap, UnitAmount, MinimumAmount, DailyPointsCap) = (points, dailyCap, null, 0, 0);
    }

    /// <summary><paramref name="points"/> per <paramref name="unitAmount"/> of the event's amount, from <paramref name="minimumAmount"/>, at most <paramref name="dailyPointsCap"/> a day.</summary>
    public void UpdatePerAmount(string name, long points, decimal unitAmount, decimal minimumAmount, long dailyPointsCap)
    {
        SetName(name);
        if (points is < 1 or > 100_000) throw new DomainException("event.points", $"Event '{Name}': points per unit must be between 1 and 100,000.");
        if (unitAmount is <= 0 or > MaxAmount || decimal.Round(unitAmount, 2) != unitAmount)
            throw new DomainException("event.unit-amount", $"Event '{Name}': the amount that earns the points must be above 0 (at most 2 decimals).");
        if (minimumAmount is < 0 or > MaxAmount)
            throw new DomainException("event.minimum-amount", $"Event '{Name}': the minimum amount must be between 0 and {MaxAmount:N0}.");
        if (dailyPointsCap is < 1 or > 10_000_000)
            throw new DomainException("event.points-cap", $"Event '{Name}': the daily points cap must be between 1 and 10,000,000.");
        (Points, DailyCap, UnitAmount, MinimumAmount, DailyPointsCap) = (points, 0, unitAmount, minimumAmount, dailyPointsCap);
    }

    private void SetName(string name)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 80) throw new DomainException("event.name", "An event name is needed (at most 80 characters).");
        Name = name;
    }

    /// <summary>A per-amount type needs a positive amount; a fixed-points type takes none (refused rather than ignored).</summary>
    public void CheckAmount(decimal? amount)
    {
        if (!EarnsPerAmount)
        {
            if (amount is not null)
                throw DomainException.Invalid("event.amount-not-expected", $"The event '{Code}' earns fixed points and takes no amount; leave amount out.", field: "amount");
            return;
        }
        if (amount is null)
            throw DomainException.Invalid("event.amount-required", $"The event '{Code}' earns points per amount: send the amount, e.g. the stake.", field: "amount");
        if (amount is <= 0 or > MaxAmount)
            throw DomainException.Invalid("event.amount", $"The amount must be above 0 and at most {MaxAmount:N0}.", field: "amount");
    }

    /// <summary>
    /// What an event of <paramref name="amount"/> earns on a per-amount type: whole units times the points, nothing below the
    /// minimum, and never more than what is left of the daily cap (the event that reaches it earns the rest). The cap holds for
    /// the UTC day the event happened (<paramref name="earnedOnItsDay"/>: points this type already earned the member that day)
    /// and for the day it is recorded (<paramref name="earnedRecordedToday"/>), so backdating to many days earns it once.
    /// </summary>
    public StakeEarning EarnFor(decimal amount, long earnedOnItsDay, long earnedRecordedToday)
    {
        var earnedToday = Math.Max(earnedOnItsDay, earnedRecordedToday);
        if (UnitAmount is not { } unit) throw new InvalidOperationException($"The event '{Code}' earns fixed points.");
        if (amount < MinimumAmount) return new StakeEarning(0, 0, StakeOutcome.BelowMinimum);
        var full = (long)Math.Min(decimal.Floor(amount / unit) * Points, long.MaxValue / 2);
        var left = Math.Max(0, DailyPointsCap - earnedToday);
        return full <= left ? new StakeEarning(full, full, StakeOutcome.Earned)
            : new StakeEarning(left, full, left > 0 ? StakeOutcome.Capped : StakeOutcome.CapReached);
    }
}

public enum StakeOutcome
{
    /// <summary>Everything the amount is worth.</summary>
    Earned,
    /// <summary>Part of it: the rest of the day's cap.</summary>
    Capped,
    /// <summary>Nothing: the day's cap was already reached.</summary>
    CapReached,
    /// <summary>Nothing: the amount is below the type's minimum.</summary>
    BelowMinimum,
}

/// <param name="Points">What the event earns.</param>
/// <param name="Uncapped">What the amount would earn without the daily cap.</param>
public readonly record struct StakeEarning(long Points, long Uncapped, StakeOutcome Outcome);

/// <summary>One reported activity event, kept so the same external id counts once and the daily cap can be applied.</summary>
public sealed class MemberEvent(string externalId, long memberId, int eventTypeId, DateTimeOffset occurredAt, long points, string requestHash,
    int ownerId = Integrations.IntegrationOwner.Program, Guid? apiKeyId = null, DateTimeOffset? recordedAt = null, decimal? amount = null)
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

    /// <summary>The amount the event carried (a stake) for a per-amount type; null for a fixed-points one.</summary>
    public decimal? Amount { get; private set; } = amount;
}
