using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using static Loyalty.Tests.Builders.MemberAccountBuilder;

namespace Loyalty.Tests.Domain.Ledger;

public sealed class TransferTests
{
    [Fact]
    public void Received_points_keep_the_expiry_they_had_with_the_giver_in_one_entry()
    {
        var giver = new MemberAccountBuilder()
            .Earned(100, day: 0, expiryMonths: 2)
            .Earned(100, day: 1, expiryMonths: 6)
            .Build();
        var spent = giver.Spend(new DebitRequest(150, LedgerEntryKind.Transfer, Day(3), LedgerSource.Gift, "gift:1", LedgerReason.Verbatim("Gift to B")));
        var receiver = new PointsAccount(99, []);

        var entry = receiver.Receive(new ReceiveRequest(spent.Shares, Day(3), LedgerSource.Gift, "gift:1", LedgerReason.Verbatim("Gift from A")));

        Assert.Equal((LedgerEntryKind.Transfer, 150L), (entry.Kind, entry.Points));
        Assert.Equal(giver.Lots.Select(l => l.ExpiresAt).Order(), receiver.NewLots.Select(l => l.ExpiresAt).Order());
        Assert.Equal([100L, 50L], receiver.NewLots.OrderBy(l => l.ExpiresAt).Select(l => l.Remaining));
        Assert.Equal(150, receiver.BalanceAt(Day(3)).Available);
        Assert.All(receiver.NewLots, l => Assert.False(l.CountsForTier));
    }

    [Fact]
    public void Received_points_pay_a_debt_first()
    {
        var receiver = new PointsAccount(99, [], debt: 30);

        receiver.Receive(new ReceiveRequest([new SpentShare(Guid.NewGuid(), 100, null)], Day(1), LedgerSource.Gift, "gift:2", LedgerReason.Verbatim("Gift from A")));

        Assert.Equal((0L, 70L), (receiver.Debt, receiver.BalanceAt(Day(1)).Available));
    }
}
