using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using static Loyalty.Tests.Builders.MemberAccountBuilder;

namespace Loyalty.Tests.Domain.Tiers;

public sealed class QualifyingPointsTests
{
    private const int WindowMonths = 12;
    private static readonly DateTimeOffset Now = Start.AddMonths(WindowMonths);

    [Fact]
    public void Only_points_earned_within_the_rolling_window_qualify()
    {
        var account = new MemberAccountBuilder()
            .CreditedAt(1_000, Start, LotTerms.Immediate) // exactly one window ago: out
            .CreditedAt(200, Start.AddTicks(1), LotTerms.Immediate)
            .CreditedAt(30, Now, LotTerms.Immediate)
            .CreditedAt(4, Now.AddTicks(1), LotTerms.Immediate) // after now: not yet
            .Build();

        Assert.Equal(230, account.QualifyingPoints(Now, WindowMonths));
    }

    [Fact]
    public void Only_earned_and_bonus_points_qualify()
    {
        var account = new MemberAccountBuilder()
            .Earned(1_000, day: 10)
            .Earned(200, day: 11, kind: LedgerEntryKind.Bonus)
            .Earned(30, day: 12, kind: LedgerEntryKind.Adjust)
            .Earned(4, day: 13, kind: LedgerEntryKind.Refund)
            .Earned(5, day: 14, kind: LedgerEntryKind.Transfer)
            .Build();

        Assert.Equal(1_200, account.QualifyingPoints(Now, WindowMonths));
    }

    [Fact]
    public void Spent_pending_and_expired_points_still_qualify()
    {
        var account = new MemberAccountBuilder()
            .Earned(1_000, day: 10, expiryMonths: 1)
            .Earned(500, day: 20)
            .Spent(400, day: 21)
            .Earned(70, day: 30, pendingDays: 14)
            .Build();
        account.ExpireDue(Day(100));

        Assert.Equal(1_570, account.QualifyingPoints(Day(100), WindowMonths));
    }
}
