namespace Loyalty.Domain.Ledger;

/// <summary>
/// A member's points: the open lots and any debt. Every operation returns the ledger entries it wrote,
/// and keeps the invariant: sum of the ledger = sum of lots' remaining points - debt.
/// </summary>
public sealed class PointsAccount
{
    private readonly List<PointsLot> _lots;
    private readonly List<PointsLot> _newLots = [];

    public PointsAccount(long memberId, IEnumerable<PointsLot> lots, long debt = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(debt);
        MemberId = memberId;
        _lots = lots.ToList();
        if (_lots.Any(l => l.MemberId != memberId))
            throw new ArgumentException("Every lot must belong to the account's member.", nameof(lots));
        Debt = debt;
    }

    public long MemberId { get; }
    public long Debt { get; private set; }
    public IReadOnlyList<PointsLot> Lots => _lots;

    /// <summary>Lots created by this instance, for the caller to persist.</summary>
    public IReadOnlyList<PointsLot> NewLots => _newLots;

    /// <summary>Credits points as a new lot. New points first pay back any debt.</summary>
    public LedgerEntry Credit(CreditRequest request)
    {
        if (request.Points <= 0)
            throw DomainException.Invalid("points.credit-not-positive", $"A credit must add at least 1 point, not {request.Points}.", field: "points");
        if (request.Kind is not (LedgerEntryKind.Earn or LedgerEntryKind.Bonus or LedgerEntryKind.Adjust
            or LedgerEntryKind.Refund or LedgerEntryKind.Transfer))
            throw new ArgumentException($"{request.Kind} is not a kind of credit.", nameof(request));

        var at = request.At;
        var lot = AddLot(new PointsLot(MemberId, request.Points, at, request.Terms.PendingUntil(at), request.KeepExpiresAt ?? request.Terms.ExpiresAt(at),
            countsForTier: request.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Bonus));
        return new LedgerEntry(MemberId, request.Kind, request.Points, at, request.Source, request.SourceRef, request.Reason, lot.Id, request.SettlesWith);
    }

    /// <summary>
    /// Credits points another member gave (a transfer): they keep the expiry they had with the giver, one lot per expiry
    /// date, and are available at once; one entry for the whole gift. New points first pay back any debt.
    /// </summary>
    public LedgerEntry Receive(ReceiveRequest request)
    {
        var points = request.Shares.Sum(s => s.Points);
        if (request.Shares.Count == 0 || request.Shares.Any(s => s.Points <= 0))
            throw DomainException.Invalid("points.credit-not-positive", "A transfer must add at least 1 point from each lot it moves.", field: "points");
        foreach (var group in request.Shares.GroupBy(s => s.ExpiresAt).OrderBy(g => g.Key ?? DateTimeOffset.MaxValue))
            AddLot(new PointsLot(MemberId, group.Sum(s => s.Points), request.At, null, group.Key, countsForTier: false));
        return new LedgerEntry(MemberId, LedgerEntryKind.Transfer, points, request.At, request.Source, request.SourceRef, request.Reason, null);
    }

    /// <summary>A new lot of the account; what it brings first pays back any debt.</summary>
    private PointsLot AddLot(PointsLot lot)
    {
        var repaid = Math.Min(Debt, lot.Remaining);
        if (repaid > 0)
        {
            lot.Take(repaid);
            Debt -= repaid;
        }
        _lots.Add(lot);
        _newLots.Add(lot);
        return lot;
    }

    /// <summary>Spends points, soonest-to-expire lots first. Refused while in debt or short of points.</summary>
    public LedgerEntry Debit(DebitRequest request) => Spend(request).Entry;

    /// <summary>
    /// <see cref="Debit"/>, also telling which lots gave how much (and when those points were to expire), so a spend
    /// that is undone later can give the points back with the expiry they had.
    /// </summary>
    public SpendResult Spend(DebitRequest request)
    {
        if (RefusalToSpend(request.Points, request.At) is { } refusal) throw refusal;
        var spendable = SpendableLots(request.At).ToList();
        var left = request.Points;
        var shares = new List<SpentShare>();
        foreach (var lot in spendable)
        {
            var take = Math.Min(left, lot.Remaining);
            lot.Take(take);
            shares.Add(new SpentShare(lot.Id, take, lot.ExpiresAt));
            left -= take;
            if (left == 0) break;
        }
        return new SpendResult(
            new LedgerEntry(MemberId, request.Kind, -request.Points, request.At, request.Source, request.SourceRef, request.Reason, null, request.SettlesWith), shares);
    }

    /// <summary>
    /// Why spending <paramref name="points"/> at <paramref name="at"/> would be refused, or null when it would go through:
    /// the one rule <see cref="Spend"/> applies, for a caller that checks many spends before making any (a preview).
    /// </summary>
    public DomainException? RefusalToSpend(long points, DateTimeOffset at)
    {
        if (points <= 0)
            return DomainException.Invalid("points.debit-not-positive", $"A debit must take at least 1 point, not {points}.", field: "points");
        if (Debt > 0)
            return DomainException.Conflict("points.in-debt",
                $"The member owes {Debt} points from a return; new earnings pay this back before points can be spent.", field: "points");
        var available = SpendableLots(at).Sum(l => l.Remaining);
        return available < points
            ? DomainException.Conflict("points.insufficient", $"{points} points are needed but only {available} are available.", field: "points")
            : null;
    }

    /// <summary>
    /// Takes back points a lot earned (a return). What the lot still holds is taken first, then the member's other
    /// spendable points; what they cannot cover becomes a debt that later earnings pay back, so
    /// earn → spend → return never gains anything.
    /// </summary>
    public LedgerEntry Reverse(Guid lotId, ReverseRequest request)
    {
        var lot = _lots.SingleOrDefault(l => l.Id == lotId)
                  ?? throw new ArgumentException($"Lot {lotId} is not part of this account.", nameof(lotId));
        if (request.Points <= 0)
            throw new DomainException("points.reverse-not-positive", $"A reversal must take at least 1 point, not {request.Points}.");
        if (request.Points > lot.EarnedPoints)
            throw new DomainException("points.reverse-too-much",
                $"Only {lot.EarnedPoints} points of this purchase are left to take back, not {request.Points}.");
        var (taken, fromExpired) = lot.Reverse(request.Points);
        // What the purchase's own lot no longer holds was spent: take it from the member's other points
        // (soonest to expire first); only what they cannot cover becomes a debt.
        var shortfall = request.Points - taken - fromExpired;
        foreach (var other in SpendableLots(request.At).Where(l => l.Id != lot.Id))
        {
            if (shortfall == 0) break;
            var take = Math.Min(shortfall, other.Remaining);
            other.Take(take);
            shortfall -= take;
        }
        Debt += shortfall;
        var reason = fromExpired > 0 ? LedgerReason.Of(ReasonCodes.ReturnPartlyExpired, fromExpired).With(request.Reason) : request.Reason;
        return new LedgerEntry(MemberId, LedgerEntryKind.Reverse, -(request.Points - fromExpired), request.At, request.Source,
            request.SourceRef, reason, lot.Id, request.SettlesWith);
    }

    /// <summary>
    /// The account is closed (its member erased): every point still held, pending or not, is forfeited, one Expire entry per
    /// lot, so the program's liability drops to nothing and breakage counts them. Running it again writes nothing.
    /// </summary>
    public IReadOnlyList<LedgerEntry> ForfeitAll(DateTimeOffset now, string sourceRef)
    {
        var entries = new List<LedgerEntry>();
        foreach (var lot in _lots.Where(l => l.ExpiredAt is null && l.Remaining > 0).OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(l => l.Id))
        {
            var points = lot.Expire(now);
            entries.Add(new LedgerEntry(MemberId, LedgerEntryKind.Expire, -points, now, LedgerSource.System, sourceRef,
                LedgerReason.Of(ReasonCodes.Forfeit, points), lot.Id));
        }
        return entries;
    }

    /// <summary>Expires what is left of every lot whose expiry has passed. Running it again writes nothing.</summary>
    public IReadOnlyList<LedgerEntry> ExpireDue(DateTimeOffset now)
    {
        var entries = new List<LedgerEntry>();
        foreach (var lot in _lots.Where(l => l.ExpiredAt is null && l.IsPastExpiryAt(now) && l.Remaining > 0)
                     .OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id))
        {
            var expiresAt = lot.ExpiresAt!.Value;
            var points = lot.Expire(now);
            entries.Add(new LedgerEntry(MemberId, LedgerEntryKind.Expire, -points, now, LedgerSource.System, lot.Id.ToString(),
                LedgerReason.Of(ReasonCodes.Expire, points, ReasonArg.DateOf(lot.EarnedAt), ReasonArg.DateOf(expiresAt)), lot.Id));
        }
        return entries;
    }

    public PointsBalance BalanceAt(DateTimeOffset now)
    {
        long available = 0, pending = 0, expiringSoon = 0, lifetime = 0;
        DateTimeOffset? nextExpiry = null;
        var horizon = now + PointsBalance.ExpiryHorizon;
        foreach (var lot in _lots)
        {
            if (lot.CountsForTier) lifetime += lot.EarnedPoints;
            if (lot.Remaining == 0 || lot.ExpiredAt is not null || lot.IsPastExpiryAt(now)) continue;
            if (lot.IsPendingAt(now)) pending += lot.Remaining;
            else available += lot.Remaining;
            if (lot.ExpiresAt is { } at && at <= horizon)
            {
                expiringSoon += lot.Remaining;
                nextExpiry = nextExpiry is null || at < nextExpiry ? at : nextExpiry;
            }
        }
        return new PointsBalance(available - Debt, pending, expiringSoon, nextExpiry, lifetime, Debt);
    }

    /// <summary>Earned and bonus points credited within the rolling tier window that ends now.</summary>
    public long QualifyingPoints(DateTimeOffset now, int windowMonths)
    {
        var from = now.AddMonths(-windowMonths);
        return _lots.Where(l => l.CountsForTier && l.EarnedAt > from && l.EarnedAt <= now).Sum(l => l.EarnedPoints);
    }

    private IEnumerable<PointsLot> SpendableLots(DateTimeOffset now) =>
        _lots.Where(l => l.IsSpendableAt(now))
            .OrderBy(l => l.ExpiresAt ?? DateTimeOffset.MaxValue)
            .ThenBy(l => l.EarnedAt)
            .ThenBy(l => l.Id);
}

public sealed record CreditRequest(
    long Points,
    LedgerEntryKind Kind,
    DateTimeOffset At,
    LotTerms Terms,
    LedgerSource Source,
    string? SourceRef,
    LedgerReason Reason)
{
    /// <summary>Points coming back keep the expiry they had (a cancelled redemption), instead of the terms' one.</summary>
    public DateTimeOffset? KeepExpiresAt { get; init; }

    /// <summary>The partner the entry settles with (<see cref="LedgerEntry.PartnerId"/>); null: the program's own.</summary>
    public int? SettlesWith { get; init; }
}

/// <summary>What one lot gave to a spend.</summary>
public sealed record SpentShare(Guid LotId, long Points, DateTimeOffset? ExpiresAt);

public sealed record SpendResult(LedgerEntry Entry, IReadOnlyList<SpentShare> Shares);

/// <summary>Points moving in from another member's spend, with the expiry each share had there.</summary>
public sealed record ReceiveRequest(IReadOnlyList<SpentShare> Shares, DateTimeOffset At, LedgerSource Source, string? SourceRef, LedgerReason Reason);

public sealed record ReverseRequest(
    long Points,
    DateTimeOffset At,
    LedgerSource Source,
    string? SourceRef,
    LedgerReason Reason)
{
    /// <summary>The partner the entry settles with (<see cref="LedgerEntry.PartnerId"/>); null: the program's own.</summary>
    public int? SettlesWith { get; init; }
}

public sealed record DebitRequest(
    long Points,
    LedgerEntryKind Kind,
    DateTimeOffset At,
    LedgerSource Source,
    string? SourceRef,
    LedgerReason Reason)
{
    /// <summary>The partner the entry settles with (<see cref="LedgerEntry.PartnerId"/>); null: the program's own.</summary>
    public int? SettlesWith { get; init; }
}
