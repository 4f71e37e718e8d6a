using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Domain.Ledger;

/// <summary>
/// A hand-rolled property test: each seed replays a random history of credits, debits, time passing and
/// expiry runs, and after every step checks that the ledger and the lots still tell the same story.
/// The seed is the test case, so a failure names the seed that reproduces it.
/// </summary>
public sealed class LedgerInvariantTests
{
    private const int StepsPerHistory = 80;

    private static readonly LedgerEntryKind[] CreditKinds =
        [LedgerEntryKind.Earn, LedgerEntryKind.Earn, LedgerEntryKind.Bonus, LedgerEntryKind.Adjust, LedgerEntryKind.Refund];

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 200));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Ledger_and_lots_agree_after_every_step_of_a_random_history(int seed)
    {
        var random = new Random(seed);
        var now = MemberAccountBuilder.Start;
        // Every fourth history starts with a debt, as after a return of points already spent.
        var openingDebt = seed % 4 == 0 ? random.Next(1, 800) : 0;
        var account = new PointsAccount(memberId: 7, lots: [], debt: openingDebt);
        var ledger = new List<LedgerEntry>();

        for (var step = 0; step < StepsPerHistory; step++)
        {
            var what = random.Next(100);
            var context = $"seed {seed}, step {step}";
            if (what < 40)
                ledger.Add(account.Credit(RandomCredit(random, now)));
            else if (what < 65)
                TryDebit(random, account, now, ledger, context);
            else if (what < 85)
                now = now.AddDays(random.Next(0, 45)).AddHours(random.Next(0, 24));
            else
                ExpireDue(account, now, ledger, openingDebt, context);

            AssertInvariants(account, now, ledger, openingDebt, context);
        }

        // Whatever happened, a final expiry run leaves the ledger equal to what the member holds.
        now = now.AddMonths(13);
        ExpireDue(account, now, ledger, openingDebt, $"seed {seed}, final expiry");
        AssertInvariants(account, now, ledger, openingDebt, $"seed {seed}, final expiry");
        Assert.All(account.Lots.Where(l => l.ExpiresAt is not null), l => Assert.Equal(0, l.Remaining));
    }

    private static CreditRequest RandomCredit(Random random, DateTimeOffset now)
    {
        var kind = CreditKinds[random.Next(CreditKinds.Length)];
        var terms = new LotTerms(
            PendingDays: random.Next(2) == 0 ? 0 : 14,
            ExpiryMonths: random.Next(3) == 0 ? null : random.Next(1, 13));
        return new CreditRequest(random.Next(1, 1500), kind, now, terms, LedgerSource.Transaction, null, $"{kind} in a random history");
    }

    private static void TryDebit(Random random, PointsAccount account, DateTimeOffset now, List<LedgerEntry> ledger, string context)
    {
        var points = random.Next(1, 2500);
        var spendable = SpendableByHand(account, now);
        var debtBefore = account.Debt;
        var remainingBefore = account.Lots.Select(l => l.Remaining).ToList();
        try
        {
            var entry = account.Debit(new DebitRequest(points, LedgerEntryKind.Redeem, now, LedgerSource.Redemption, null, "Random reward"));
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
