using Loyalty.Domain.Ledger;

namespace Loyalty.Tests.Builders;

/// <summary>
/// A member's points history told as days after <see cref="Start"/>, replayed through the public
/// <see cref="PointsAccount"/> API so lots and ledger entries are the ones production would write.
/// Steps run in the order they are added; add them in time order.
/// </summary>
public sealed class MemberAccountBuilder
{
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly List<Func<PointsAccount, LedgerEntry>> _steps = [];
    private long _memberId = 1;
    private long _debt;

    public static DateTimeOffset Day(int day) => Start.AddDays(day);

    public MemberAccountBuilder ForMember(long memberId)
    {
        _memberId = memberId;
        return this;
    }

    /// <summary>The account is loaded with a debt, as a return of already spent points leaves it.</summary>
    public MemberAccountBuilder Owing(long debt)
    {
        _debt = debt;
        return this;
    }

    public MemberAccountBuilder Earned(long points, int day = 0, int pendingDays = 0, int? expiryMonths = null,
        LedgerEntryKind kind = LedgerEntryKind.Earn) =>
        CreditedAt(points, Day(day), new LotTerms(pendingDays, expiryMonths), kind);

    public MemberAccountBuilder CreditedAt(long points, DateTimeOffset at, LotTerms terms,
        LedgerEntryKind kind = LedgerEntryKind.Earn)
    {
        var sourceRef = $"T-{_steps.Count + 1}";
        _steps.Add(account => account.Credit(new CreditRequest(points, kind, at, terms, LedgerSource.Transaction,
            sourceRef, LedgerReason.Verbatim($"{kind} of {points} pts"))));
        return this;
    }

    public MemberAccountBuilder Spent(long points, int day) =>
        SpentAt(points, Day(day));

    public MemberAccountBuilder SpentAt(long points, DateTimeOffset at)
    {
        var sourceRef = $"R-{_steps.Count + 1}";
        _steps.Add(account => account.Debit(new DebitRequest(points, LedgerEntryKind.Redeem, at, LedgerSource.Redemption,
            sourceRef, LedgerReason.Verbatim($"Reward for {points} pts"))));
        return this;
    }

    public PointsAccount Build() => BuildHistory().Account;

    public MemberHistory BuildHistory()
    {
        var account = new PointsAccount(_memberId, [], _debt);
        var ledger = _steps.Select(step => step(account)).ToList();
        return new MemberHistory(account, ledger);
    }
}

/// <summary>An account and the ledger entries its history wrote, oldest first.</summary>
public sealed record MemberHistory(PointsAccount Account, IReadOnlyList<LedgerEntry> Ledger);
