using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Partners;
using Loyalty.Web.Features.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>The app on a fake clock that the settlement tests move forward (months must end before they close).</summary>
public sealed class SettlementAppFactory() : LoyaltyAppFactory(clock: Clock)
{
    public static readonly DateTimeOffset Start = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);

    // One clock per factory: the factory is made once per test class.
    private static FakeTimeProvider Clock => new(Start);

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();
}

/// <summary>Closing a partner's month freezes its statement; what arrives later for it is a correction in the next open month.</summary>
public sealed class SettlementTests(SettlementAppFactory app) : IClassFixture<SettlementAppFactory>
{
    private DateTimeOffset Now => app.Time.GetUtcNow();

    private async Task<(long Id, string Number)> MemberAsync(long points = 10_000)
    {
        var member = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, member.Id, points, at: Now.AddDays(-100));
        return member;
    }

    /// <summary>Moves the clock into the next month, so the current one has ended.</summary>
    private SettlementMonth NextMonth()
    {
        var month = SettlementMonth.Of(Now);
        app.Time.SetUtcNow(month.End.AddDays(2).AddHours(9));
        return month;
    }

    [Fact]
    public async Task Closing_freezes_the_statement_and_entries_arriving_late_for_it_are_corrections_in_the_next_month()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var (memberId, number) = await MemberAsync();
        var purchase = await SettlementWorld.BuyAsync(app, number, partner, 50m, Now.AddMinutes(-5)); // 100 pts
        await SettlementWorld.RedeemAsync(app, memberId, partner); // 100 pts
        var month = NextMonth();

        var closed = await SettlementWorld.CloseAsync(app, partner, month);
        // A till sends a purchase and a return late, both made in the closed month; this month has its own purchase.
        await SettlementWorld.BuyAsync(app, number, partner, 10m, month.End.AddHours(-2)); // 20 pts
        await SettlementWorld.ReturnAsync(app, purchase, 25m, month.End.AddHours(-1)); // 50 pts back
        await SettlementWorld.BuyAsync(app, number, partner, 5m, Now); // 10 pts

        var frozen = await SettlementWorld.StatementAsync(app, partner, month);
        Assert.True(frozen.IsClosed);
        Assert.Equal(new SettlementPoints(100, 0, 100, 0), frozen.Totals.All);
        Assert.Equal((1.00m, 0.80m, 0.20m), (frozen.Totals.PartnerOwes, frozen.Totals.ProgramOwes, frozen.Totals.Balance));
        Assert.Equal((100, 100, 1.00m, 0.80m, 2), (closed.PointsIssued, closed.PointsRedeemed, closed.PartnerOwes, closed.ProgramOwes, closed.Entries));

        var next = await SettlementWorld.StatementAsync(app, partner, month.Next);
        Assert.False(next.IsClosed);
        Assert.Equal(new SettlementPoints(10, 0, 0, 0), next.Totals.Own);
        var correction = Assert.Single(next.Totals.Corrections);
        Assert.Equal(month, correction.For);
        Assert.Equal(new SettlementPoints(20, 50, 0, 0), correction.Points);
        Assert.Equal(-20, next.Totals.All.NetIssued);
        Assert.Equal([month, month, null], next.Lines.Select(l => l.CorrectionFor));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "settlement.closed" && a.Subject == $"partner:{partner.Id}/{month}")));
    }

    [Fact]
    public async Task Only_the_oldest_open_month_closes_and_only_once_it_has_ended()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberAsync();
        var early = Now.AddDays(-45);
        await SettlementWorld.BuyAsync(app, number, partner, 10m, early);
        var first = SettlementMonth.Of(early);
        var current = SettlementMonth.Of(Now);

        Assert.Equal("settlement.not-oldest", (await Assert.ThrowsAsync<DomainException>(() => SettlementWorld.CloseAsync(app, partner, first.Next))).Code);
        await SettlementWorld.CloseAsync(app, partner, first);
        Assert.Equal("settlement.already-closed", (await Assert.ThrowsAsync<DomainException>(() => SettlementWorld.CloseAsync(app, partner, first))).Code);
        for (var month = first.Next; month < current; month = month.Next) await SettlementWorld.CloseAsync(app, partner, month); // empty months close too
        Assert.Equal("settlement.month-not-ended", (await Assert.ThrowsAsync<DomainException>(() => SettlementWorld.CloseAsync(app, partner, current))).Code);
        Assert.True((await SettlementWorld.StatementAsync(app, partner, first)).IsClosed);
    }

    [Fact]
    public async Task Of_two_admins_closing_the_same_month_at_once_one_wins_and_the_other_is_refused()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberAsync();
        for (var i = 0; i < 5; i++) await SettlementWorld.BuyAsync(app, number, partner, 10m, Now.AddHours(-i));
        var month = NextMonth();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try { await SettlementWorld.CloseAsync(app, partner, month, $"admin{i}@test"); return null; }
            catch (DomainException refused) { return refused.Code; }
        })));

        Assert.Single(attempts, a => a is null);
        Assert.Contains(attempts.Single(a => a is not null), new[] { "settlement.closed-meanwhile", "settlement.already-closed" });
        Assert.Equal(1, await app.WithDbAsync(db => db.SettlementStatements.CountAsync(s => s.PartnerId == partner.Id)));
        Assert.Equal(5, await app.WithDbAsync(db => db.SettlementLines.CountAsync(l => db.LedgerEntries.Any(e => e.Id == l.LedgerEntryId && e.PartnerId == partner.Id))));
    }

    [Fact]
    public async Task A_closed_statement_keeps_the_prices_in_force_when_it_closed_and_an_open_one_uses_todays()
    {
        var partner = await SettlementWorld.PartnerAsync(app, priceIssued: 0.005m, priceRedeemed: 0.02m);
        var (memberId, number) = await MemberAsync();
        await SettlementWorld.BuyAsync(app, number, partner, 1.50m, Now.AddMinutes(-5)); // 3 pts × 0.005 = 0.015 → 0.02, rounded at the total
        await SettlementWorld.RedeemAsync(app, memberId, partner); // 100 × 0.02 = 2.00
        var month = NextMonth();
        await SettlementWorld.CloseAsync(app, partner, month);
        await SettlementWorld.BuyAsync(app, number, partner, 1.50m, Now);

        var form = await app.WithDbAsync(async db => PartnerForm.From(await db.Partners.SingleAsync(p => p.Id == partner.Id),
            await db.Stores.Where(s => s.PartnerId == partner.Id).Select(s => s.Id).ToListAsync()));
        form.PricePerPointIssued = 1m;
        await app.Services.GetRequiredService<SavePartner>().HandleAsync(form, "admin@test");

        var closed = await SettlementWorld.StatementAsync(app, partner, month);
        Assert.Equal((0.005m, 0.02m, 0.02m, 2.00m, -1.98m), (closed.Totals.PricePerPointIssued, closed.Totals.PricePerPointRedeemed,
            closed.Totals.PartnerOwes, closed.Totals.ProgramOwes, closed.Totals.Balance));
        var open = await SettlementWorld.StatementAsync(app, partner, month.Next);
        Assert.Equal((1m, 3.00m), (open.Totals.PricePerPointIssued, open.Totals.PartnerOwes));
    }

    [Fact]
    public async Task Each_settling_entry_names_its_partner_and_the_program_s_own_entries_name_none()
    {
        var partner = await SettlementWorld.PartnerAsync(app);
        var (memberId, number) = await MemberAsync();
        var purchase = await SettlementWorld.BuyAsync(app, number, partner, 10m, Now.AddMinutes(-5));
        await SettlementWorld.ReturnAsync(app, purchase, 5m);
        await SettlementWorld.CancelAsync(app, await SettlementWorld.RedeemAsync(app, memberId, partner));

        var kinds = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).OrderBy(e => e.Kind)
            .Select(e => new { e.Kind, e.PartnerId }).ToListAsync());
        Assert.Equal([(LedgerEntryKind.Earn, partner.Id), (LedgerEntryKind.Redeem, partner.Id), (LedgerEntryKind.Refund, partner.Id),
            (LedgerEntryKind.Reverse, partner.Id), (LedgerEntryKind.Adjust, (int?)null)], kinds.Select(k => (k.Kind, k.PartnerId)));
    }
}
