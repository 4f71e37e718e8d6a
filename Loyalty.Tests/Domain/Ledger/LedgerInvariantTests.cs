using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Ledger;

/// <summary>
/// A property over generated histories of credits, debits, time passing and expiry runs: after every step the
/// ledger and the lots still tell the same story. The history is data generated up front by CsCheck, so a failure
/// is shrunk to a short history and reported with a seed that replays it (pass it to <c>Sample</c> as
/// <c>seed:</c>, or set <c>CsCheck_Seed</c>; add <c>CsCheck_Time=20</c> to keep shrinking from it for 20 s).
/// </summary>
public sealed class LedgerInvariantTests
{
    private const int Histories = 200;
    private const int MaxSteps = 160; // uniform length 1–160: 80 steps on average

    private static readonly LedgerEntryKind[] CreditKinds =
        [LedgerEntryKind.Earn, LedgerEntryKind.Earn, LedgerEntryKind.Bonus, LedgerEntryKind.Adjust, LedgerEntryKind.Refund];

    private abstract record Step;

    /// <summary>A credit of <see cref="Points"/> of <see cref="CreditKinds"/>[<see cref="KindIndex"/>].</summary>
    private sealed record Credit(int KindIndex, int Points, bool Pending, int? ExpiryMonths) : Step
    {
        public LedgerEntryKind Kind => CreditKinds[KindIndex];

        public override string ToString() =>
            $"credit {Points} {Kind}{(Pending ? " pending 14d" : "")}{(ExpiryMonths is { } m ? $" expiring after {m}mo" : "")}";
    }

    private sealed record Debit(int Points) : Step
    {
        public override string ToString() => $"debit {Points}";
    }

    private sealed record Wait(int Days, int Hours) : Step
    {
        public override string ToString() => $"wait {Days}d{Hours}h";
    }

    private sealed record Expire : Step
    {
        public override string ToString() => "expire";
    }

    /// <summary>A history; about one in four starts with a debt, as after a return of points already spent.</summary>
    private sealed record History(int OpeningDebt, Step[] Steps)
    {
        public override string ToString() =>
            $"{Steps.Length} steps from a debt of {OpeningDebt}: " + string.Join(", ", Steps.Select(s => s.ToString()));
    }

    private static readonly Gen<Step> GenStep = Gen.Frequency<Step>(
        (40, Gen.Select(
            Gen.Int[0, CreditKinds.Length - 1],
            Gen.Int[1, 1_499],
            Gen.Bool,
            Gen.Frequency<int?>((1, Gen.Const(default(int?))), (2, Gen.Int[1, 12].Select(int? (months) => months))),
            Step (kind, points, pending, expiry) => new Credit(kind, points, pending, expiry))),
        (25, Gen.Int[1, 2_499].Select(Step (points) => new Debit(points))),
        (20, Gen.Select(Gen.Int[0, 44], Gen.Int[0, 23], Step (days, hours) => new Wait(days, hours))),
        (15, Gen.Const<Step>(new Expire())));

    private static readonly Gen<History> GenHistory = Gen.Select(
        Gen.Frequency<int>((3, Gen.Const(0)), (1, Gen.Int[1, 799])),
        GenStep.Array[1, MaxSteps],
        (debt, steps) => new History(debt, steps));

    [Fact]
    public void Ledger_and_lots_agree_after_every_step_of_any_history() =>
        GenHistory.Sample(Replay, iter: Histories, print: h => h.ToString());

    private static void Replay(History history)
    {
        var now = MemberAccountBuilder.Start;
        var openingDebt = history.OpeningDebt;
        var account = new PointsAccount(memberId: 7, lots: [], debt: openingDebt);
        var ledger = new List<LedgerEntry>();

        for (var i = 0; i < history.Steps.Length; i++)
        {
            var step = history.Steps[i];
            var context = $"step {i} ({step})";
            switch (step)
            {
                case Credit credit:
                    ledger.Add(account.Credit(new CreditRequest(credit.Points, credit.Kind, now,
                        new LotTerms(PendingDays: credit.Pending ? 14 : 0, ExpiryMonths: credit.ExpiryMonths),
                        LedgerSource.Transaction, null, LedgerReason.Verbatim($"{credit.Kind} in a random history"))));
                    break;
                case Debit debit:
                    TryDebit(debit.Points, account, now, ledger, context);
                    break;
                case Wait wait:
                    now = now.AddDays(wait.Days).AddHours(wait.Hours);
                    break;
                case Expire:
                    ExpireDue(account, now, ledger, openingDebt, context);
                    break;
            }

            AssertInvariants(account, now, ledger, openingDebt, context);
        }

        // Whatever happened, a final expiry run leaves the ledger equal to what the member holds.
        now = now.AddMonths(13);
        ExpireDue(account, now, ledger, openingDebt, "final expiry");
        AssertInvariants(account, now, ledger, openingDebt, "final expiry");
        Assert.All(account.Lots.Where(l => l.ExpiresAt is not null), l => Assert.Equal(0, l.Remaining));
    }

    private static void TryDebit(int points, PointsAccount account, DateTimeOffset now, List<LedgerEntry> ledger, string context)
    {
        var spendable = SpendableByHand(account, now);
        var debtBefore = account.Debt;
        var remainingBefore = account.Lots.Select(l => l.Remaining).ToList();
        try
        {
            var entry = account.Debit(new DebitRequest(points, LedgerEntryKind.Redeem, now, LedgerSource.Redemption, null, LedgerReason.Verbatim("Random reward")));
            Assert.True(debtBefore == 0 && points <= spendable,
                $"{context}: a debit of {points} went through with {spendable} spendable and a debt of {debtBefore}");
            Assert.Equal(-points, entry.Points);
            Assert.Equal(points, remainingBefore.Sum() - account.Lots.Sum(l => l.Remaining));
            ledger.Add(entry);
        }
        catch (DomainException refused)
        {
            var expected = debtBefore > 0 ? "points.in-debt" : "points.insufficient";
            Assert.True(expected == refused.Code, $"{context}: expected {expected}, got {refused.Code}");
            Assert.True(debtBefore > 0 || points > spendable,
                $"{context}: a debit of {points} was refused with {spendable} spendable");
            Assert.Equal(remainingBefore, account.Lots.Select(l => l.Remaining));
        }
    }

    private static void ExpireDue(PointsAccount account, DateTimeOffset now, List<LedgerEntry> ledger, long openingDebt,
        string context)
    {
        var dueByHand = account.Lots.Where(l => l.ExpiredAt is null && l.ExpiresAt <= now).Sum(l => l.Remaining);
        var expired = account.ExpireDue(now);
        Assert.True(-dueByHand == expired.Sum(e => e.Points), $"{context}: expected {dueByHand} to expire");
        Assert.All(expired, e => Assert.Equal(LedgerEntryKind.Expire, e.Kind));
        ledger.AddRange(expired);

        var balance = account.BalanceAt(now);
        var ledgerSum = ledger.Sum(e => e.Points) - openingDebt;
        Assert.True(ledgerSum == balance.Available + balance.Pending,
            $"{context}: after expiry the ledger sums to {ledgerSum} but the balance is {balance}");
        Assert.Empty(account.ExpireDue(now));
    }

    private static void AssertInvariants(PointsAccount account, DateTimeOffset now, List<LedgerEntry> ledger,
        long openingDebt, string context)
    {
        var balance = account.BalanceAt(now);
        var pastExpiryNotYetExpired = account.Lots
            .Where(l => l.ExpiredAt is null && l.ExpiresAt is { } at && now >= at)
            .Sum(l => l.Remaining);
        var ledgerSum = ledger.Sum(e => e.Points) - openingDebt;

        Assert.True(ledgerSum == balance.Total + pastExpiryNotYetExpired,
            $"{context}: ledger sums to {ledgerSum}, balance total {balance.Total} + {pastExpiryNotYetExpired} awaiting expiry");
        Assert.True(account.Lots.All(l => l.Remaining >= 0 && l.Remaining <= l.Points), $"{context}: a lot's remaining is out of range");
        Assert.True(account.Debt >= 0, $"{context}: negative debt {account.Debt}");
        Assert.True(balance.Available == SpendableByHand(account, now) - account.Debt,
            $"{context}: available {balance.Available} is not what the lots hold minus the debt");

        var earnedAndBonus = ledger.Where(e => e.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Bonus).Sum(e => e.Points);
        Assert.True(earnedAndBonus == balance.Lifetime, $"{context}: lifetime {balance.Lifetime}, earned and bonus {earnedAndBonus}");
    }

    /// <summary>What can be spent now, worked out from the lots' dates rather than the account's own helpers.</summary>
    private static long SpendableByHand(PointsAccount account, DateTimeOffset now) =>
        account.Lots
            .Where(l => l.ExpiredAt is null
                        && (l.PendingUntil is null || now >= l.PendingUntil)
                        && (l.ExpiresAt is null || now < l.ExpiresAt))
            .Sum(l => l.Remaining);
}
