namespace Loyalty.Domain.Tournaments;

/// <summary>
/// A time-boxed competition between members: while it is live, what they do (purchases, points, an activity event)
/// moves their score; at the end the results freeze and the prize table is paid out once.
/// Its state follows the clock: scheduled before StartsAt, live until EndsAt, then ended until finalized.
/// </summary>
public sealed class Tournament
{
    public const int NameMaxLength = 120;
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    private List<int> _eligibleTierIds = [];
    private List<PrizeRange> _prizes = [];

    private Tournament() { Name = ""; Description = ""; }

    public Tournament(string name, string description, TournamentScoring scoring, string? eventCode, DateTimeOffset startsAt,
        DateTimeOffset endsAt, IEnumerable<int>? eligibleTierIds, bool joinRequired, IEnumerable<PrizeRange>? prizes, DateTimeOffset now)
    {
        Name = "";
        Description = "";
        Key = Guid.CreateVersion7(now);
        CreatedAt = now;
        Scoring = scoring;
        SetRules(scoring, eventCode, eligibleTierIds, joinRequired);
        Update(name, description, startsAt, endsAt, prizes, now);
    }

    public int Id { get; private set; }

    /// <summary>Unique for ever, even if a database reuses the id of a deleted tournament: live boards are keyed by it.</summary>
    public Guid Key { get; private set; }

    public string Name { get; private set; }
    public string Description { get; private set; }
    public string? ImageFileName { get; private set; }
    public TournamentScoring Scoring { get; private set; }

    /// <summary>The activity event counted when <see cref="Scoring"/> is <see cref="TournamentScoring.ActivityEvent"/>.</summary>
    public string? EventCode { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Exclusive: live while StartsAt ≤ now &lt; EndsAt.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>Tiers that may take part; empty = every tier.</summary>
    public IReadOnlyList<int> EligibleTierIds => _eligibleTierIds;

    /// <summary>True: members take part once they join. False: every eligible member who scores is on the board.</summary>
    public bool JoinRequired { get; private set; }

    /// <summary>Ordered by rank, not overlapping.</summary>
    public IReadOnlyList<PrizeRange> Prizes => _prizes;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinalizedAt { get; private set; }

    /// <summary>Concurrency token: two instances cannot both finalize it.</summary>
    public long Version { get; private set; }

    public TournamentState StateAt(DateTimeOffset now) => StateOf(StartsAt, EndsAt, FinalizedAt, now);

    /// <summary>The state by the clock, for anything holding a copy of a tournament's window (the live boards do).</summary>
    public static TournamentState StateOf(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset? finalizedAt, DateTimeOffset now) =>
        finalizedAt is not null ? TournamentState.Finalized
        : now >= endsAt ? TournamentState.Ended
        : now >= startsAt ? TournamentState.Live
        : TournamentState.Scheduled;

    /// <summary>Whether members can still join: before the start and while it runs.</summary>
    public static bool TakesEntries(TournamentState state) => state is TournamentState.Scheduled or TournamentState.Live;

    public bool IsEligible(int tierId) => _eligibleTierIds.Count == 0 || _eligibleTierIds.Contains(tierId);

    /// <summary>Whether something that happened at <paramref name="at"/> counts: inside the window.</summary>
    public bool Counts(DateTimeOffset at) => at >= StartsAt && at < EndsAt;

    /// <summary>What a purchase adds to a score under this tournament's scoring (0 when it does not count).</summary>
    public long ScoreForPurchase(long pointsEarned, decimal amount, DateTimeOffset occurredAt)
    {
        if (!Counts(occurredAt)) return 0;
        return Scoring switch
        {
            TournamentScoring.PointsEarned => Math.Max(0, pointsEarned),
            TournamentScoring.PurchaseCount => 1,
            TournamentScoring.Spend => (long)decimal.Round(amount * 100m, 0, MidpointRounding.ToZero),
            _ => 0,
        };
    }

    /// <summary>What an activity event adds to a score (1 when it is this tournament's event and in the window).</summary>
    public long ScoreForEvent(string eventCode, DateTimeOffset occurredAt) =>
        Scoring == TournamentScoring.ActivityEvent && Counts(occurredAt) && string.Equals(EventCode, eventCode, StringComparison.Ordinal) ? 1 : 0;

    /// <summary>
    /// What a return takes off a score: the purchase's score times the share of its amount refunded, computed on the
    /// running total so that several partial returns take off exactly what the purchase added, never more.
    /// </summary>
    public long ScoreForReturn(long purchaseScore, decimal purchaseAmount, decimal refundedBefore, decimal refundedAfter, DateTimeOffset purchaseOccurredAt)
    {
        if (!Counts(purchaseOccurredAt) || purchaseAmount <= 0 || purchaseScore <= 0) return 0;
        long Share(decimal refunded) =>
            (long)decimal.Round(purchaseScore * Math.Min(1m, refunded / purchaseAmount), 0, MidpointRounding.AwayFromZero);
        return Scoring switch
        {
            // A purchase stops counting once it is wholly returned.
            TournamentScoring.PurchaseCount => refundedBefore < purchaseAmount && refundedAfter >= purchaseAmount ? purchaseScore : 0,
            TournamentScoring.PointsEarned or TournamentScoring.Spend => Share(refundedAfter) - Share(refundedBefore),
            _ => 0,
        };
    }

    /// <summary>Name, description, window and prizes. Once live, its start stays; once ended, nothing changes.</summary>
    public void Update(string name, string description, DateTimeOffset startsAt, DateTimeOffset endsAt, IEnumerable<PrizeRange>? prizes,
        DateTimeOffset now)
    {
        var state = Id == 0 ? TournamentState.Scheduled : StateAt(now);
        if (state is TournamentState.Ended or TournamentState.Finalized)
            throw DomainException.Conflict("tournament.closed", "This tournament has ended; its results can no longer change.");
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
            throw new DomainException("tournament.name", $"A tournament needs a name of 1-{NameMaxLength} characters.");
        description = (description ?? "").Trim();
        if (description.Length > 2000) throw new DomainException("tournament.description", "The description can be at most 2,000 characters.");
        if (state == TournamentState.Live && startsAt != StartsAt)
            throw DomainException.Conflict("tournament.started", "This tournament is live: its start can no longer move.");
        if (endsAt <= startsAt) throw new DomainException("tournament.window", "The tournament must end after it starts.");
        if (endsAt - startsAt > MaxLength) throw new DomainException("tournament.window", "A tournament lasts at most a year.");
        if (endsAt <= now) throw new DomainException("tournament.window", "The end must be in the future.");
        var table = PrizeRange.ValidateTable(prizes);
        (Name, Description, StartsAt, EndsAt) = (name, description, startsAt, endsAt);
        _prizes = table.ToList();
        Version++;
    }

    /// <summary>Scoring and who takes part: only while scheduled, so no score is ever counted under two rules.</summary>
    public void SetRules(TournamentScoring scoring, string? eventCode, IEnumerable<int>? eligibleTierIds, bool joinRequired, DateTimeOffset? now = null)
    {
        if (now is { } at && Id != 0 && StateAt(at) != TournamentState.Scheduled)
            throw DomainException.Conflict("tournament.started", "Scoring and eligibility can change only before the tournament starts.");
        if (!Enum.IsDefined(scoring)) throw new DomainException("tournament.scoring", "Choose how the score is counted.");
        eventCode = string.IsNullOrWhiteSpace(eventCode) ? null : eventCode.Trim();
        if (scoring == TournamentScoring.ActivityEvent && eventCode is null)
            throw new DomainException("tournament.event", "Choose the activity event this tournament counts.");
        (Scoring, EventCode, JoinRequired) = (scoring, scoring == TournamentScoring.ActivityEvent ? eventCode : null, joinRequired);
        _eligibleTierIds = (eligibleTierIds ?? []).Distinct().Order().ToList();
        Version++;
    }

    public void SetImage(string? fileName)
    {
        ImageFileName = fileName;
        Version++;
    }

    /// <summary>Starts it now (it was scheduled for later).</summary>
    public void StartNow(DateTimeOffset now)
    {
        if (StateAt(now) != TournamentState.Scheduled)
            throw DomainException.Conflict("tournament.not-scheduled", "Only a scheduled tournament can be started.");
        StartsAt = now;
        if (EndsAt <= now) EndsAt = now.AddDays(1);
        Version++;
    }

    /// <summary>Ends it now: scores stop moving; finalizing then pays the prizes.</summary>
    public void EndNow(DateTimeOffset now)
    {
        if (StateAt(now) != TournamentState.Live)
            throw DomainException.Conflict("tournament.not-live", "Only a live tournament can be ended.");
        EndsAt = now;
        Version++;
    }

    /// <summary>Freezes the results. Returns false when it was already finalized (nothing to do).</summary>
    public bool Finalize(DateTimeOffset now)
    {
        if (FinalizedAt is not null) return false;
        if (now < EndsAt)
            throw DomainException.Conflict("tournament.not-ended", $"The tournament runs until {EndsAt:yyyy-MM-dd HH:mm} UTC; it can be finalized after that.");
        FinalizedAt = now;
        Version++;
        return true;
    }

    public PrizeRange? PrizeFor(int rank) => _prizes.FirstOrDefault(p => p.Covers(rank));
}
