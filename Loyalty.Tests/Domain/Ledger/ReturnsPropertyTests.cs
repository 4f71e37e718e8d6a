using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;

namespace Loyalty.Tests.Domain.Ledger;

/// <summary>
/// A property over generated histories of purchases, spending, partial returns, expiry and time passing:
/// the ledger always equals the lots minus the debt, no lot goes below zero, and returning everything
/// never leaves the member ahead of where they started (no farming with earn → spend → return).
/// The history is data generated up front by CsCheck, so a failure is shrunk to a short history and
/// reported with a seed that replays it (pass it to <c>Sample</c> as <c>seed:</c>, or set <c>CsCheck_Seed</c>;
/// add <c>CsCheck_Time=20</c> to keep shrinking from it for 20 s).
/// </summary>
public sealed class ReturnsPropertyTests
{
    private const int Histories = 150;
    private const int MaxSteps = 240; // uniform length 1–240: 120 steps on average

    private abstract record Step;

    /// <summary>A purchase of <see cref="Cents"/> / 100 EUR, earning 10 points a euro.</summary>
    private sealed record Buy(int Cents) : Step
    {
        public override string ToString() => $"buy {Cents / 100m:0.00}";
    }

    private sealed record Spend(int Points) : Step
    {
        public override string ToString() => $"spend {Points}";
    }

    /// <summary>
    /// Return part of a purchase made earlier: the <see cref="Pick"/>-th one (modulo how many there are)
    /// and <see cref="BasisPoints"/> / 10,000 of what can still be returned of it (at least 0.01).
    /// Nothing happens before the first purchase, so any history, however shrunk, stays valid.
    /// </summary>
    private sealed record Return(int Pick, int BasisPoints) : Step
    {
        public override string ToString() => $"return #{Pick} {BasisPoints / 100m:0.00}%";
    }

    private sealed record Expire : Step
    {
        public override string ToString() => "expire";
    }

    private sealed record Wait(int Days) : Step
    {
        public override string ToString() => $"wait {Days}d";
    }

    private sealed record History(bool Pending, int? ExpiryMonths, Step[] Steps)
    {
        public LotTerms Terms => new(Pending ? 14 : 0, ExpiryMonths);

        public override string ToString() =>
            $"{Steps.Length} steps, lots pending {Terms.PendingDays}d and {(ExpiryMonths is { } m ? $"expiring after {m} months" : "never expiring")}: "
            + string.Join(", ", Steps.Select(s => s.ToString()));
    }

    private static readonly Gen<Step> GenStep = Gen.Frequency<Step>(
        (2, Gen.Int[100, 49_999].Select(Step (cents) => new Buy(cents))),
        (1, Gen.Int[1, 2_999].Select(Step (points) => new Spend(points))),
        (1, Gen.Select(Gen.Int[0, MaxSteps], Gen.Int[0, 10_000], Step (pick, bp) => new Return(pick, bp))),
        (1, Gen.Const<Step>(new Expire())),
        (1, Gen.Int[1, 39].Select(Step (days) => new Wait(days))));

    private static readonly Gen<History> GenHistory = Gen.Select(
        Gen.Bool,
        Gen.Frequency<int?>((1, Gen.Const(default(int?))), (2, Gen.Int[1, 5].Select(int? (months) => months))),
        GenStep.Array[1, MaxSteps],
        (pending, expiry, steps) => new History(pending, expiry, steps));

    [Fact]
    public void Returns_keep_the_ledger_whole_and_cannot_be_farmed() =>
        GenHistory.Sample(Replay, iter: Histories, print: h => h.ToString());

    private static void Replay(History history)
    {
        var now = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var terms = history.Terms;
        var account = new PointsAccount(1, []);
        var purchases = new List<(Purchase Purchase, Guid LotId)>();
        long ledger = 0, spent = 0;

        for (var i = 0; i < history.Steps.Length; i++)
        {
            var step = history.Steps[i];
            switch (step)
            {
                case Buy buy:
                    var amount = buy.Cents / 100m;
                    var points = (long)Math.Floor(amount * 10);
                    var purchase = new Purchase($"p{i}", 1, 1, amount, "EUR", now, points);
                    var credit = account.Credit(new CreditRequest(points, LedgerEntryKind.Earn, now, terms, LedgerSource.Transaction, $"p{i}", LedgerReason.Verbatim("buy")));
                    ledger += credit.Points;
                    purchases.Add((purchase, credit.LotId!.Value));
                    break;
                case Spend spend:
                    try
                    {
                        ledger += account.Debit(new DebitRequest(spend.Points, LedgerEntryKind.Redeem, now, LedgerSource.Redemption, $"d{i}", LedgerReason.Verbatim("spend"))).Points;
                        spent += spend.Points;
                    }
                    catch (DomainException e) when (e.Code is "points.insufficient" or "points.in-debt")
                    {
                    }
                    break;
                case Return ret when purchases.Count > 0:
                    var (p, lot) = purchases[ret.Pick % purchases.Count];
                    if (p.RefundableAmount <= 0) break;
                    var refund = Math.Max(0.01m, Math.Round(p.RefundableAmount * ret.BasisPoints / 10_000m, 2));
                    var back = p.Refund(refund);
                    if (back > 0)
                        ledger += account.Reverse(lot, new ReverseRequest(back, now, LedgerSource.Transaction, $"r{i}", LedgerReason.Verbatim("return"))).Points;
                    break;
                case Expire:
                    ledger += account.ExpireDue(now).Sum(e => e.Points);
                    break;
                case Wait wait:
                    now = now.AddDays(wait.Days);
                    break;
            }
            AssertWhole(account, ledger, $"step {i} ({step})");
        }

        // Return everything still returnable: whatever was spent must now be owed.
        foreach (var (p, lot) in purchases.Where(x => x.Purchase.RefundableAmount > 0))
        {
            var back = p.Refund(p.RefundableAmount);
            if (back > 0) ledger += account.Reverse(lot, new ReverseRequest(back, now, LedgerSource.Transaction, "final", LedgerReason.Verbatim("return all"))).Points;
        }
        ledger += account.ExpireDue(now).Sum(e => e.Points);
        AssertWhole(account, ledger, "after returning everything");
        Assert.True(ledger + spent <= 0, $"after returning everything the member kept {ledger + spent} pts of value");
        Assert.All(purchases, x => Assert.Equal(x.Purchase.PointsEarned, x.Purchase.PointsReversed));
    }

    private static void AssertWhole(PointsAccount account, long ledger, string context)
    {
        Assert.True(account.Lots.All(l => l.Remaining >= 0), $"{context}: a lot went below zero");
        Assert.True(account.Debt >= 0, $"{context}: negative debt");
        Assert.True(ledger == account.Lots.Sum(l => l.Remaining) - account.Debt,
            $"{context}: ledger {ledger} != lots {account.Lots.Sum(l => l.Remaining)} - debt {account.Debt}");
    }
}
