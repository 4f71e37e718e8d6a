using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using static Loyalty.Tests.Builders.MemberAccountBuilder;

namespace Loyalty.Tests.Domain.Ledger;

public sealed class PointsAccountTests
{
    [Fact]
    public void Soonest_expiring_lot_is_spent_first_and_lots_without_expiry_last()
    {
        var account = new MemberAccountBuilder()
            .Earned(100, day: 0)
            .Earned(100, day: 1, expiryMonths: 6)
            .Earned(100, day: 2, expiryMonths: 2)
            .Build();
        var forever = account.Lots[0];
        var sixMonths = account.Lots[1];
        var twoMonths = account.Lots[2];

        Spend(account, 150, Day(3));

        Assert.Equal(0, twoMonths.Remaining);
        Assert.Equal(50, sixMonths.Remaining);
        Assert.Equal(100, forever.Remaining);

        Spend(account, 100, Day(4));

        Assert.Equal(0, sixMonths.Remaining);
        Assert.Equal(50, forever.Remaining);
    }

    [Fact]
    public void A_spend_tells_which_lots_gave_how_much_and_when_those_points_were_to_expire()
    {
        var account = new MemberAccountBuilder()
            .Earned(100, day: 0)
            .Earned(100, day: 1, expiryMonths: 6)
            .Earned(100, day: 2, expiryMonths: 2)
            .Build();
        var (forever, sixMonths, twoMonths) = (account.Lots[0], account.Lots[1], account.Lots[2]);

        var spent = account.Spend(new DebitRequest(250, LedgerEntryKind.Redeem, Day(3), LedgerSource.Redemption, null, LedgerReason.Verbatim("Reward")));

        Assert.Equal(-250, spent.Entry.Points);
        Assert.Equal([new SpentShare(twoMonths.Id, 100, twoMonths.ExpiresAt), new SpentShare(sixMonths.Id, 100, sixMonths.ExpiresAt),
            new SpentShare(forever.Id, 50, null)], spent.Shares);
    }

    [Fact]
    public void A_credit_can_keep_the_expiry_points_had_instead_of_the_terms_one()
    {
        var account = new PointsAccount(1, []);
        var kept = Day(40);

        account.Credit(new CreditRequest(70, LedgerEntryKind.Refund, Day(3), new LotTerms(0, 12), LedgerSource.Redemption, null, LedgerReason.Verbatim("Back"))
            { KeepExpiresAt = kept });

        Assert.Equal(kept, account.NewLots.Single().ExpiresAt);
    }

    [Fact]
    public void Lots_expiring_at_the_same_moment_are_spent_oldest_first()
    {
        // 31 Jan and 30 Jan plus one month both land on 28 Feb.
        var jan31 = new DateTimeOffset(2025, 1, 31, 9, 0, 0, TimeSpan.Zero);
        var jan30 = new DateTimeOffset(2025, 1, 30, 9, 0, 0, TimeSpan.Zero);
        var account = new MemberAccountBuilder()
            .CreditedAt(100, jan31, new LotTerms(0, 1))
            .CreditedAt(100, jan30, new LotTerms(0, 1))
            .Build();
        Assert.Equal(account.Lots[0].ExpiresAt, account.Lots[1].ExpiresAt);

        Spend(account, 60, jan31.AddDays(1));

        Assert.Equal(100, account.Lots[0].Remaining);
        Assert.Equal(40, account.Lots[1].Remaining);
    }

    [Fact]
    public void Pending_points_cannot_be_spent_before_their_date()
    {
        var account = new MemberAccountBuilder().Earned(500, day: 0, pendingDays: 14).Build();
        var justBefore = Day(14).AddTicks(-1);

        var refused = Assert.Throws<DomainException>(() => Spend(account, 1, justBefore));

        Assert.Equal("points.insufficient", refused.Code);
        Assert.Equal(new PointsBalance(0, 500, 0, null, 500, 0), account.BalanceAt(justBefore));
    }

    [Fact]
    public void Pending_points_can_be_spent_from_their_date_on()
    {
        var account = new MemberAccountBuilder().Earned(500, day: 0, pendingDays: 14).Build();

        var entry = Spend(account, 500, Day(14));

        Assert.Equal(-500, entry.Points);
        Assert.Equal(0, account.BalanceAt(Day(14)).Total);
    }

    [Fact]
    public void A_debit_larger_than_the_available_points_is_refused_and_takes_nothing()
    {
        var account = new MemberAccountBuilder().Earned(300).Build();

        var refused = Assert.Throws<DomainException>(() => Spend(account, 301, Day(1)));

        Assert.Equal("points.insufficient", refused.Code);
        Assert.Contains("only 300 are available", refused.Message);
        Assert.Equal(300, account.Lots.Single().Remaining);
    }

    [Fact]
    public void Expiry_removes_exactly_what_is_left_of_a_lot()
    {
        var account = new MemberAccountBuilder()
            .Earned(1_000, day: 0, expiryMonths: 1)
            .Spent(300, day: 10)
            .Build();
        var lot = account.Lots.Single();
        var expiresAt = Start.AddMonths(1);

        var entry = Assert.Single(account.ExpireDue(expiresAt));

        Assert.Equal(LedgerEntryKind.Expire, entry.Kind);
        Assert.Equal(-700, entry.Points);
        Assert.Equal(lot.Id, entry.LotId);
        Assert.Equal("700 pts earned on 6 Jan 2025 expired on 6 Feb 2025", ReasonWords.English(entry.Reason));
        Assert.Equal(0, lot.Remaining);
        Assert.Equal(expiresAt, lot.ExpiredAt);
    }

    [Fact]
    public void Expiry_run_twice_writes_nothing_the_second_time()
    {
        var account = new MemberAccountBuilder().Earned(1_000, day: 0, expiryMonths: 1).Build();
        var later = Start.AddMonths(2);

        Assert.Single(account.ExpireDue(later));
        Assert.Empty(account.ExpireDue(later));
        Assert.Empty(account.ExpireDue(later.AddYears(1)));
    }

    [Fact]
    public void Nothing_expires_a_moment_before_the_expiry_date()
    {
        var account = new MemberAccountBuilder().Earned(1_000, day: 0, expiryMonths: 1).Build();

        Assert.Empty(account.ExpireDue(Start.AddMonths(1).AddTicks(-1)));
        Assert.Equal(1_000, account.Lots.Single().Remaining);
    }

    [Fact]
    public void Points_past_their_expiry_date_are_not_available_even_before_the_expiry_run()
    {
        var account = new MemberAccountBuilder().Earned(1_000, day: 0, expiryMonths: 1).Earned(50, day: 1).Build();
        var expired = Start.AddMonths(1);

        Assert.Equal(50, account.BalanceAt(expired).Available);
        Assert.Equal("points.insufficient", Assert.Throws<DomainException>(() => Spend(account, 51, expired)).Code);
    }

    [Fact]
    public void Expiring_soon_counts_lots_expiring_within_30_days_and_names_the_first_date()
    {
        var now = new DateTimeOffset(2025, 4, 10, 12, 0, 0, TimeSpan.Zero);
        var account = new MemberAccountBuilder()
            .CreditedAt(200, new DateTimeOffset(2025, 3, 25, 12, 0, 0, TimeSpan.Zero), new LotTerms(0, 1)) // 25 Apr: in 15 days
            .CreditedAt(300, now, new LotTerms(0, 1)) // 10 May: in exactly 30 days
            .CreditedAt(400, new DateTimeOffset(2025, 3, 12, 12, 0, 0, TimeSpan.Zero), new LotTerms(0, 2)) // 12 May: in 32 days
            .CreditedAt(500, now, LotTerms.Immediate)
            .Build();

        var balance = account.BalanceAt(now);

        Assert.Equal(500, balance.ExpiringSoon);
        Assert.Equal(new DateTimeOffset(2025, 4, 25, 12, 0, 0, TimeSpan.Zero), balance.NextExpiryDate);
        Assert.Equal(1_400, balance.Available);
    }

    [Fact]
    public void Nothing_is_expiring_soon_when_no_lot_expires_within_30_days()
    {
        var account = new MemberAccountBuilder().Earned(200, day: 0, expiryMonths: 12).Earned(100, day: 1).Build();

        var balance = account.BalanceAt(Day(2));

        Assert.Equal(0, balance.ExpiringSoon);
        Assert.Null(balance.NextExpiryDate);
    }

    [Fact]
    public void A_debt_makes_available_points_negative()
    {
        var account = new MemberAccountBuilder().Owing(300).Build();

        var balance = account.BalanceAt(Start);

        Assert.Equal(-300, balance.Available);
        Assert.Equal(300, balance.Debt);
    }

    [Fact]
    public void Spending_is_refused_while_in_debt_even_with_points_on_the_account()
    {
        var history = new MemberAccountBuilder().Earned(1_000).Build();
        var account = new PointsAccount(history.MemberId, history.Lots, debt: 300);

        var refused = Assert.Throws<DomainException>(() => Spend(account, 1, Day(1)));

        Assert.Equal("points.in-debt", refused.Code);
        Assert.Equal(700, account.BalanceAt(Day(1)).Available);
    }

    [Fact]
    public void A_credit_pays_the_debt_first()
    {
        var account = new MemberAccountBuilder().Owing(300).Earned(500, day: 1).Build();

        var balance = account.BalanceAt(Day(1));

        Assert.Equal(0, account.Debt);
        Assert.Equal(200, account.Lots.Single().Remaining);
        Assert.Equal(200, balance.Available);
        Assert.Equal(500, balance.Lifetime);
        Assert.Equal(-50, Spend(account, 50, Day(1)).Points);
    }

    [Fact]
    public void A_credit_smaller_than_the_debt_pays_part_of_it_and_spending_stays_refused()
    {
        var account = new MemberAccountBuilder().Owing(300).Earned(100, day: 1).Build();

        Assert.Equal(200, account.Debt);
        Assert.Equal(-200, account.BalanceAt(Day(1)).Available);
        Assert.Equal("points.in-debt", Assert.Throws<DomainException>(() => Spend(account, 1, Day(1))).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_credit_must_add_at_least_one_point(long points)
    {
        var account = new MemberAccountBuilder().Build();

        var refused = Assert.Throws<DomainException>(() =>
            account.Credit(new CreditRequest(points, LedgerEntryKind.Earn, Start, LotTerms.Immediate, LedgerSource.Admin, null, LedgerReason.Verbatim("Test"))));

        Assert.Equal("points.credit-not-positive", refused.Code);
        Assert.Empty(account.Lots);
    }

    private static LedgerEntry Spend(PointsAccount account, long points, DateTimeOffset at) =>
        account.Debit(new DebitRequest(points, LedgerEntryKind.Redeem, at, LedgerSource.Redemption, null, LedgerReason.Verbatim("Reward")));
}
