using Loyalty.Domain;
using Loyalty.Domain.Ledger;

namespace Loyalty.Tests.Domain.Ledger;

public sealed class ReverseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static (PointsAccount Account, Guid A, Guid B) TwoLots()
    {
        var account = new PointsAccount(1, []);
        var a = account.Credit(new CreditRequest(100, LedgerEntryKind.Earn, T0, new LotTerms(0, 6), LedgerSource.Transaction, "a", LedgerReason.Verbatim("A"))).LotId!.Value;
        var b = account.Credit(new CreditRequest(1000, LedgerEntryKind.Earn, T0, new LotTerms(0, 12), LedgerSource.Transaction, "b", LedgerReason.Verbatim("B"))).LotId!.Value;
        return (account, a, b);
    }

    [Fact]
    public void Returning_a_spent_purchase_takes_the_points_from_the_members_other_points_before_making_a_debt()
    {
        var (account, a, _) = TwoLots();
        account.Debit(new DebitRequest(100, LedgerEntryKind.Redeem, T0.AddDays(1), LedgerSource.Redemption, "r", LedgerReason.Verbatim("voucher"))); // spends lot A

        var entry = account.Reverse(a, new ReverseRequest(100, T0.AddDays(2), LedgerSource.Transaction, "ret", LedgerReason.Verbatim("return A")));

        Assert.Equal(-100, entry.Points);
        Assert.Equal(0, account.Debt);
        Assert.Equal(900, account.BalanceAt(T0.AddDays(2)).Available);
    }

    [Fact]
    public void Only_what_the_member_cannot_cover_becomes_a_debt_and_blocks_spending()
    {
        var (account, a, _) = TwoLots();
        account.Debit(new DebitRequest(1050, LedgerEntryKind.Redeem, T0.AddDays(1), LedgerSource.Redemption, "r", LedgerReason.Verbatim("big voucher")));

        account.Reverse(a, new ReverseRequest(100, T0.AddDays(2), LedgerSource.Transaction, "ret", LedgerReason.Verbatim("return A")));

        Assert.Equal(50, account.Debt);
        Assert.Equal(-50, account.BalanceAt(T0.AddDays(2)).Available);
        var refused = Assert.Throws<DomainException>(() =>
            account.Debit(new DebitRequest(1, LedgerEntryKind.Redeem, T0.AddDays(3), LedgerSource.Redemption, "r2", LedgerReason.Verbatim("more"))));
        Assert.Equal("points.in-debt", refused.Code);
    }

    [Fact]
    public void Reversing_more_than_the_purchase_earned_is_refused()
    {
        var (account, a, _) = TwoLots();

        var refused = Assert.Throws<DomainException>(() =>
            account.Reverse(a, new ReverseRequest(101, T0, LedgerSource.Transaction, "x", LedgerReason.Verbatim("too much"))));

        Assert.Equal("points.reverse-too-much", refused.Code);
    }
}
