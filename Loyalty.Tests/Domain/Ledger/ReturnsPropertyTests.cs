using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;

namespace Loyalty.Tests.Domain.Ledger;

/// <summary>
/// Random histories of purchases, spending, partial returns, expiry and time passing (fixed seeds):
/// the ledger always equals the lots minus the debt, no lot goes below zero, and returning everything
/// never leaves the member ahead of where they started (no farming with earn → spend → return).
/// </summary>
public sealed class ReturnsPropertyTests
{
    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 150));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Returns_keep_the_ledger_whole_and_cannot_be_farmed(int seed)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var terms = new LotTerms(random.Next(2) == 0 ? 0 : 14, random.Next(3) == 0 ? null : random.Next(1, 6));
        var account = new PointsAccount(1, []);
        var purchases = new List<(Purchase Purchase, Guid LotId)>();
        long ledger = 0, spent = 0;

        for (var step = 0; step < 120; step++)
        {
            switch (random.Next(6))
            {
                case 0 or 1:
                    var amount = random.Next(1, 500) + random.Next(100) / 100m;
                    var points = (long)Math.Floor(amount * 10);
                    var purchase = new Purchase($"p{step}", 1, 1, amount, "EUR", now, points);
                    var credit = account.Credit(new CreditRequest(points, LedgerEntryKind.Earn, now, terms, LedgerSource.Transaction, $"p{step}", "buy"));
                    ledger += credit.Points;
                    purchases.Add((purchase, credit.LotId!.Value));
                    break;
                case 2:
                    var want = random.Next(1, 3000);
                    try
                    {
                        ledger += account.Debit(new DebitRequest(want, LedgerEntryKind.Redeem, now, LedgerSource.Redemption, $"d{step}", "spend")).Points;
                        spent += want;
                    }
                    catch (DomainException e) when (e.Code is "points.insufficient" or "points.in-debt")
                    {
                    }
                    break;
                case 3 when purchases.Count > 0:
                    var (p, lot) = purchases[random.Next(purchases.Count)];
                    if (p.RefundableAmount <= 0) break;
                    var refund = Math.Max(0.01m, Math.Round(p.RefundableAmount * (decimal)random.NextDouble(), 2));
                    var back = p.Refund(refund);
                    if (back > 0)
                        ledger += account.Reverse(lot, new ReverseRequest(back, now, LedgerSource.Transaction, $"r{step}", "return")).Points;
                    break;
                case 4:
                    ledger += account.ExpireDue(now).Sum(e => e.Points);
                    break;
                default:
                    now = now.AddDays(random.Next(1, 40));
                    break;
            }
            AssertWhole(account, ledger, seed, step);
        }

        // Return everything still returnable: whatever was spent must now be owed.
        foreach (var (p, lot) in purchases.Where(x => x.Purchase.RefundableAmount > 0))
        {
            var back = p.Refund(p.RefundableAmount);
            if (back > 0) ledger += account.Reverse(lot, new ReverseRequest(back, now, LedgerSource.Transaction, "final", "return all")).Points;
        }
        ledger += account.ExpireDue(now).Sum(e => e.Points);
        AssertWhole(account, ledger, seed, -1);
        Assert.True(ledger + spent <= 0, $"seed {seed}: after returning everything the member kept {ledger + spent} pts of value");
        Assert.All(purchases, x => Assert.Equal(x.Purchase.PointsEarned, x.Purchase.PointsReversed));
    }

    private static void AssertWhole(PointsAccount account, long ledger, int seed, int step)
    {
        Assert.True(account.Lots.All(l => l.Remaining >= 0), $"seed {seed} step {step}: a lot went below zero");
        Assert.True(account.Debt >= 0, $"seed {seed} step {step}: negative debt");
        Assert.True(ledger == account.Lots.Sum(l => l.Remaining) - account.Debt,
            $"seed {seed} step {step}: ledger {ledger} != lots {account.Lots.Sum(l => l.Remaining)} - debt {account.Debt}");
    }
}
