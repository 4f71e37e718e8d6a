using Loyalty.Domain.Ledger;
using Loyalty.Domain.Partners;

namespace Loyalty.Tests.Domain.Partners;

public sealed class SettlementTests
{
    private static readonly SettlementMonth October = new(2026, 10);
    private static readonly SettlementMonth November = new(2026, 11);
    private static readonly SettlementMonth December = new(2026, 12);

    private static SettlementItem Item(LedgerEntryKind kind, long points, DateTimeOffset at) => new(Guid.NewGuid(), 1, kind, points, at);

    private static DateTimeOffset Day(SettlementMonth month, int day) => month.Start.AddDays(day - 1).AddHours(12);

    [Fact]
    public void A_month_reads_and_writes_as_year_dash_month_in_utc()
    {
        Assert.True(SettlementMonth.TryParse("2026-10", out var month));
        Assert.Equal(October, month);
        Assert.Equal("2026-10", October.ToString());
        Assert.Equal(new SettlementMonth(2027, 1), December.Next);
        Assert.Equal(October, SettlementMonth.Of(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.FromHours(2)))); // 31 Oct 23:00 UTC
        Assert.Equal(October, SettlementMonth.Of(new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero)));
        Assert.False(SettlementMonth.TryParse("2026-13", out _));
        Assert.False(SettlementMonth.TryParse("October", out _));
    }

    [Fact]
    public void An_entry_settles_in_its_own_month_while_it_is_open_and_in_the_month_after_the_last_closed_once_it_is_closed()
    {
        Assert.Equal(October, Settlement.StatementMonthOf(Day(October, 20), lastClosed: null));
        Assert.Equal(October, Settlement.StatementMonthOf(Day(October, 20), lastClosed: new SettlementMonth(2026, 9)));
        Assert.Equal(November, Settlement.StatementMonthOf(Day(October, 20), lastClosed: October));
        Assert.Equal(December, Settlement.StatementMonthOf(Day(September(), 3), lastClosed: November));
        Assert.Equal(December, Settlement.StatementMonthOf(Day(December, 3), lastClosed: November));
    }

    private static SettlementMonth September() => new(2026, 9);

    [Fact]
    public void Only_the_oldest_open_month_closes_and_only_after_it_has_ended()
    {
        var now = Day(December, 2);
        Assert.Null(Settlement.RefusalToClose(November, oldestOpen: November, now));
        Assert.Equal("settlement.not-oldest", Settlement.RefusalToClose(November, oldestOpen: October, now)!.Code);
        Assert.Equal("settlement.already-closed", Settlement.RefusalToClose(October, oldestOpen: November, now)!.Code);
        Assert.Equal("settlement.month-not-ended", Settlement.RefusalToClose(December, oldestOpen: December, now)!.Code);
        Assert.Null(Settlement.RefusalToClose(November, oldestOpen: November, November.End)); // the first instant after it
    }

    [Fact]
    public void The_oldest_open_month_follows_the_last_closed_or_else_the_first_activity_or_the_partner_s_first_month()
    {
        Assert.Equal(December, Settlement.OldestOpen(November, firstMonth: October, firstEntryAt: Day(September(), 1)));
        Assert.Equal(September(), Settlement.OldestOpen(null, firstMonth: October, firstEntryAt: Day(September(), 1)));
        Assert.Equal(October, Settlement.OldestOpen(null, firstMonth: October, firstEntryAt: Day(November, 1)));
        Assert.Equal(October, Settlement.OldestOpen(null, firstMonth: October, firstEntryAt: null));
    }

    [Fact]
    public void Totals_net_returns_and_cancellations_and_price_them_at_the_partner_s_prices()
    {
        var items = new[]
        {
            Item(LedgerEntryKind.Earn, 500, Day(November, 3)),
            Item(LedgerEntryKind.Reverse, -100, Day(November, 4)),
            Item(LedgerEntryKind.Redeem, -300, Day(November, 5)),
            Item(LedgerEntryKind.Refund, 300, Day(November, 6)),
            Item(LedgerEntryKind.Redeem, -1_000, Day(November, 7)),
        };

        var totals = Settlement.Totals(November, items, pricePerPointIssued: 0.01m, pricePerPointRedeemed: 0.008m);

        Assert.Equal(new SettlementPoints(500, 100, 1_300, 300), totals.All);
        Assert.Equal((400, 1_000), (totals.All.NetIssued, totals.All.NetRedeemed));
        Assert.Equal((4.00m, 8.00m, -4.00m), (totals.PartnerOwes, totals.ProgramOwes, totals.Balance)); // the program pays 4.00
        Assert.Empty(totals.Corrections);
    }

    [Fact]
    public void Money_is_rounded_to_cents_at_the_totals_only_not_per_entry()
    {
        // Three single points at 0.005: 0.015 in all, 0.02 rounded; rounding each entry first would give 0.03.
        var items = Enumerable.Range(1, 3).Select(d => Item(LedgerEntryKind.Earn, 1, Day(November, d))).ToList();

        var totals = Settlement.Totals(November, items, 0.005m, 0m);

        Assert.Equal((0.02m, 0m, 0.02m), (totals.PartnerOwes, totals.ProgramOwes, totals.Balance));
    }

    [Fact]
    public void Entries_of_earlier_months_are_corrections_listed_by_their_own_month_and_counted_in_the_totals()
    {
        var items = new[]
        {
            Item(LedgerEntryKind.Earn, 200, Day(December, 2)),
            Item(LedgerEntryKind.Reverse, -50, Day(October, 30)),
            Item(LedgerEntryKind.Earn, 70, Day(November, 29)),
            Item(LedgerEntryKind.Refund, 100, Day(November, 30)),
        };

        var totals = Settlement.Totals(December, items, 0.01m, 0.01m);

        Assert.Equal(new SettlementPoints(200, 0, 0, 0), totals.Own);
        Assert.Equal([(October, new SettlementPoints(0, 50, 0, 0)), (November, new SettlementPoints(70, 0, 0, 100))],
            totals.Corrections.Select(c => (c.For, c.Points)));
        Assert.Equal(new SettlementPoints(270, 50, 0, 100), totals.All);
        Assert.Equal((2.20m, -1.00m, 3.20m), (totals.PartnerOwes, totals.ProgramOwes, totals.Balance));
    }

    [Fact]
    public void An_entry_of_a_later_month_or_one_that_does_not_settle_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Settlement.Totals(November, [Item(LedgerEntryKind.Earn, 10, Day(December, 1))], 0.01m, 0.01m));
        Assert.Throws<ArgumentException>(() => Settlement.Totals(November, [Item(LedgerEntryKind.Bonus, 10, Day(November, 1))], 0.01m, 0.01m));
    }

    [Fact]
    public void A_closed_statement_keeps_one_line_per_entry_and_the_totals_at_its_prices()
    {
        var items = new[] { Item(LedgerEntryKind.Earn, 500, Day(November, 3)), Item(LedgerEntryKind.Redeem, -200, Day(November, 9)) };

        var statement = new SettlementStatement(7, November, items, 0.01m, 0.02m, "EUR", Day(December, 1), "admin@test");

        Assert.Equal(items.Select(i => i.EntryId), statement.Lines.Select(l => l.LedgerEntryId));
        Assert.Equal((500L, 0L, 200L, 0L, 5.00m, 4.00m), (statement.PointsIssued, statement.PointsReturned, statement.PointsRedeemed,
            statement.PointsRefunded, statement.PartnerOwes, statement.ProgramOwes));
    }
}
