using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>
/// Settlement as a property over generated histories, driven through the real use cases on SQLite: purchases at three
/// partners' stores (some sent late, into months already closed), returns (some late), redemptions of the partners' rewards,
/// cancellations, time passing and months closed in between. When every month has been closed, every settling ledger
/// entry is on exactly one statement, never before its own month, and the statements' points add up to the ledger's, per
/// partner. Each history gets fresh partners and members; the app and its fake clock are shared, so the clock only moves on.
/// A failure prints the history and a seed (pass it to <c>SampleAsync</c> as <c>seed:</c>).
/// </summary>
public sealed class SettlementPropertyTests(SettlementAppFactory app) : IClassFixture<SettlementAppFactory>
{
    private const int Histories = 10;
    private const int Partners = 3;
    private const int Members = 2;

    private abstract record Step;

    private sealed record Buy(int Partner, int Member, int Cents, int LateHours) : Step
    {
        public override string ToString() => $"buy p{Partner} m{Member} {Cents / 100m:0.00} {LateHours}h late";
    }

    private sealed record Return(int Pick, int Percent, int LateHours) : Step
    {
        public override string ToString() => $"return #{Pick} {Percent}% {LateHours}h late";
    }

    private sealed record Redeem(int Partner, int Member) : Step
    {
        public override string ToString() => $"redeem p{Partner} m{Member}";
    }

    private sealed record Cancel(int Pick) : Step
    {
        public override string ToString() => $"cancel #{Pick}";
    }

    private sealed record Wait(int Days) : Step
    {
        public override string ToString() => $"wait {Days}d";
    }

    private sealed record Close(int Partner) : Step
    {
        public override string ToString() => $"close p{Partner}";
    }

    private static readonly Gen<Step> GenStep = Gen.Frequency<Step>(
        (4, Gen.Select(Gen.Int[0, Partners - 1], Gen.Int[0, Members - 1], Gen.Int[100, 20_000], Gen.Frequency((3, Gen.Const(0)), (2, Gen.Int[1, 24 * 40])),
            Step (p, m, cents, late) => new Buy(p, m, cents, late))),
        (2, Gen.Select(Gen.Int[0, 50], Gen.Int[1, 100], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 24 * 40])),
            Step (pick, percent, late) => new Return(pick, percent, late))),
        (2, Gen.Select(Gen.Int[0, Partners - 1], Gen.Int[0, Members - 1], Step (p, m) => new Redeem(p, m))),
        (1, Gen.Int[0, 50].Select(Step (pick) => new Cancel(pick))),
        (2, Gen.Int[1, 20].Select(Step (days) => new Wait(days))),
        (2, Gen.Int[0, Partners - 1].Select(Step (p) => new Close(p))));

    [Fact]
    public async Task Every_settling_entry_is_on_exactly_one_statement_and_the_statements_add_up_to_the_ledger()
    {
        await GenStep.Array[1, 30].SampleAsync(RunAsync, iter: Histories, threads: 1, print: steps => string.Join(", ", steps.Select(s => s.ToString())));
    }

    private sealed record Bought(string Id, DateTimeOffset At, decimal Amount)
    {
        public decimal Left { get; set; } = Amount;
    }

    private async Task RunAsync(Step[] steps)
    {
        var clock = app.Time;
        var start = clock.GetUtcNow();
        var partners = new List<SettlementPartner>();
        for (var i = 0; i < Partners; i++) partners.Add(await SettlementWorld.PartnerAsync(app, 0.01m, 0.008m));
        var members = new List<(long Id, string Number)>();
        for (var i = 0; i < Members; i++)
        {
            var member = await MemberFactory.RegisterAsync(app);
            await MemberFactory.FundAsync(app, member.Id, 2_000, at: start);
            members.Add(member);
        }
        var bought = new List<Bought>();
        var redemptions = new List<Guid>();
        foreach (var step in steps)
        {
            var now = clock.GetUtcNow();
            switch (step)
            {
                case Buy b:
                    var at = Max(start, now.AddHours(-b.LateHours));
                    var amount = b.Cents / 100m;
                    bought.Add(new Bought(await SettlementWorld.BuyAsync(app, members[b.Member].Number, partners[b.Partner], amount, at), at, amount));
                    break;
                case Return r when bought.Count > 0 && bought[r.Pick % bought.Count] is { Left: > 0 } purchase:
                    var refund = Math.Max(0.01m, Math.Round(purchase.Left * r.Percent / 100m, 2));
                    await SettlementWorld.ReturnAsync(app, purchase.Id, refund, Max(purchase.At, now.AddHours(-r.LateHours)));
                    purchase.Left -= refund;
                    break;
                case Redeem d:
                    try { redemptions.Add(await SettlementWorld.RedeemAsync(app, members[d.Member].Id, partners[d.Partner])); }
                    catch (DomainException refused) when (refused.Code is "points.insufficient" or "points.in-debt") { /* spent out or in debt */ }
                    break;
                case Cancel c when redemptions.Count > 0:
                    await SettlementWorld.CancelAsync(app, redemptions[c.Pick % redemptions.Count]);
                    break;
                case Wait w:
                    clock.Advance(TimeSpan.FromDays(w.Days));
                    break;
                case Close c:
                    await CloseOldestAsync(partners[c.Partner], start);
                    break;
            }
        }

        // Every month ends, and is closed.
        clock.SetUtcNow(SettlementMonth.Of(clock.GetUtcNow()).End.AddHours(1));
        foreach (var partner in partners)
            while (await CloseOldestAsync(partner, start)) { }

        foreach (var partner in partners)
        {
            var entries = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.PartnerId == partner.Id)
                .Select(e => new { e.Id, e.OccurredAt, e.Kind }).ToListAsync());
            var lines = await app.WithDbAsync(db => db.SettlementLines
                .Join(db.SettlementStatements, l => l.StatementId, s => s.Id, (l, s) => new { l.LedgerEntryId, s.PartnerId, s.Month })
                .Where(l => l.PartnerId == partner.Id || db.LedgerEntries.Any(e => e.Id == l.LedgerEntryId && e.PartnerId == partner.Id)).ToListAsync());
            Assert.Equal(entries.Select(e => e.Id).Order(), lines.Select(l => l.LedgerEntryId).Order());
            Assert.All(lines, l => Assert.Equal(partner.Id, l.PartnerId));
            var monthOf = lines.ToDictionary(l => l.LedgerEntryId, l => l.Month);
            Assert.All(entries, e => Assert.True(monthOf[e.Id] >= SettlementMonth.Of(e.OccurredAt), $"{e.Kind} of {e.OccurredAt:O} settled in {monthOf[e.Id]}"));

            var statements = await app.WithDbAsync(db => db.SettlementStatements.Where(s => s.PartnerId == partner.Id).ToListAsync());
            var summed = new SettlementPoints(statements.Sum(s => s.PointsIssued), statements.Sum(s => s.PointsReturned),
                statements.Sum(s => s.PointsRedeemed), statements.Sum(s => s.PointsRefunded));
            Assert.Equal(await SettlementWorld.LedgerSumsAsync(app, partner.Id), summed);
            foreach (var statement in statements)
            {
                var read = await SettlementWorld.StatementAsync(app, partner, statement.Month);
                Assert.Equal((statement.PointsIssued, statement.PointsReturned, statement.PointsRedeemed, statement.PointsRefunded, statement.PartnerOwes),
                    (read.Totals.All.Issued, read.Totals.All.Returned, read.Totals.All.Redeemed, read.Totals.All.Refunded, read.Totals.PartnerOwes));
            }
        }
        // The property holds because the entries are there, not because there are none.
        var earned = await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => partners.Select(p => (int?)p.Id).Contains(e.PartnerId) && e.Kind == LedgerEntryKind.Earn));
        Assert.Equal(steps.Count(s => s is Buy), earned);
        var redeemed = await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => partners.Select(p => (int?)p.Id).Contains(e.PartnerId) && e.Kind == LedgerEntryKind.Redeem));
        Assert.Equal(redemptions.Count, redeemed);
    }

    /// <summary>Closes the partner's oldest open month if it has ended; false when there is none to close.</summary>
    private async Task<bool> CloseOldestAsync(SettlementPartner partner, DateTimeOffset start)
    {
        var now = app.Time.GetUtcNow();
        for (var month = SettlementMonth.Of(start.AddDays(-45)); month <= SettlementMonth.Of(now); month = month.Next)
        {
            try
            {
                await SettlementWorld.CloseAsync(app, partner, month);
                return true;
            }
            catch (DomainException refused) when (refused.Code is "settlement.already-closed" or "settlement.not-oldest")
            {
                // an earlier or later month: try the next
            }
            catch (DomainException refused) when (refused.Code == "settlement.month-not-ended")
            {
                return false;
            }
        }
        return false;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
