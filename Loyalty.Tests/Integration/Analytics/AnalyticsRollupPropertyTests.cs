using CsCheck;
using Loyalty.Domain;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>
/// The rollups as a property over generated histories, driven through the real use cases: purchases (some sent late),
/// returns, redemptions and their cancellations, prize vouchers (a redemption without a ledger entry), vouchers used, adjustments
/// both ways, points that expire, days and months passing, and roll-up passes of random batch sizes in between. Once every
/// pass has run, the rollups equal a full recomputation from the ledger, the purchases and the redemptions: a pass that
/// counted a row twice or skipped one (or missed a cancellation) would show. The app and its fake clock are
/// shared by the histories, so the comparison covers everything rolled up so far. A failure prints the history and a seed.
/// </summary>
public sealed class AnalyticsRollupPropertyTests(AnalyticsAppFactory app) : IClassFixture<AnalyticsAppFactory>
{
    private const int Histories = 8;
    private const int Members = 3;
    private static readonly string[] Cities = ["Riga", "Tartu", "Tabriz"];

    private abstract record Step;

    private sealed record Buy(int Member, int Cents, int LateHours) : Step
    {
        public override string ToString() => $"buy m{Member} {Cents / 100m:0.00} {LateHours}h late";
    }

    private sealed record Return(int Pick, int Percent) : Step
    {
        public override string ToString() => $"return #{Pick} {Percent}%";
    }

    private sealed record Redeem(int Member) : Step
    {
        public override string ToString() => $"redeem m{Member}";
    }

    private sealed record Cancel(int Pick) : Step
    {
        public override string ToString() => $"cancel #{Pick}";
    }

    private sealed record Prize(int Member) : Step
    {
        public override string ToString() => $"prize voucher m{Member}";
    }

    private sealed record Use(int Pick) : Step
    {
        public override string ToString() => $"use #{Pick}";
    }

    private sealed record Adjust(int Member, int Points) : Step
    {
        public override string ToString() => $"adjust m{Member} {Points:+0;-0}";
    }

    private sealed record Wait(int Days) : Step
    {
        public override string ToString() => $"wait {Days}d and run maintenance";
    }

    private sealed record Roll(int BatchSize) : Step
    {
        public override string ToString() => $"roll up by {BatchSize}";
    }

    private static readonly Gen<Step> GenStep = Gen.Frequency<Step>(
        (4, Gen.Select(Gen.Int[0, Members - 1], Gen.Int[100, 20_000], Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 24 * 20])),
            Step (m, cents, late) => new Buy(m, cents, late))),
        (2, Gen.Select(Gen.Int[0, 50], Gen.Int[1, 100], Step (pick, percent) => new Return(pick, percent))),
        (2, Gen.Int[0, Members - 1].Select(Step (m) => new Redeem(m))),
        (2, Gen.Int[0, 50].Select(Step (pick) => new Cancel(pick))),
        (1, Gen.Int[0, Members - 1].Select(Step (m) => new Prize(m))),
        (1, Gen.Int[0, 50].Select(Step (pick) => new Use(pick))),
        (1, Gen.Select(Gen.Int[0, Members - 1], Gen.Int[-300, 300], Step (m, p) => new Adjust(m, p == 0 ? 1 : p))),
        (2, Gen.Int[1, 20].Select(Step (days) => new Wait(days))),
        (3, Gen.Int[1, 7].Select(Step (size) => new Roll(size))));

    [Fact]
    public async Task Rolling_up_in_passes_of_any_size_equals_recomputing_from_the_ledger_and_purchases()
    {
        await Gen.Select(GenStep.Array[1, 30], Gen.Int[1, 9]).SampleAsync(RunAsync, iter: Histories, threads: 1,
            print: t => string.Join(", ", t.Item1.Select(s => s.ToString())) + $"; then roll up by {t.Item2}");
    }

    private sealed record Bought(string Id)
    {
        public decimal Left { get; set; }
    }

    private async Task RunAsync(Step[] steps, int finalBatch)
    {
        var clock = app.Time;
        var partner = await SettlementWorld.PartnerAsync(app);
        var members = new List<(long Id, string Number)>();
        for (var i = 0; i < Members; i++)
        {
            var member = await MemberFactory.RegisterAsync(app, city: Cities[i]);
            await MemberFactory.FundAsync(app, member.Id, 500, expiresAt: clock.GetUtcNow().AddDays(10), at: clock.GetUtcNow());
            members.Add(member);
        }
        var rollUp = app.Services.GetRequiredService<RollUpAnalytics>();
        var bought = new List<Bought>();
        var redemptions = new List<Guid>();
        var vouchers = new List<Guid>(); // the redemptions and the prize vouchers (0 points: not counted, nothing given back when cancelled)
        foreach (var step in steps)
        {
            var now = clock.GetUtcNow();
            switch (step)
            {
                case Buy b:
                    var amount = b.Cents / 100m;
                    bought.Add(new Bought(await SettlementWorld.BuyAsync(app, members[b.Member].Number, partner, amount, now.AddHours(-b.LateHours))) { Left = amount });
                    break;
                case Return r when bought.Count > 0 && bought[r.Pick % bought.Count] is { Left: > 0 } purchase:
                    var refund = Math.Max(0.01m, Math.Round(purchase.Left * r.Percent / 100m, 2));
                    await SettlementWorld.ReturnAsync(app, purchase.Id, refund, now);
                    purchase.Left -= refund;
                    break;
                case Redeem d:
                    try
                    {
                        redemptions.Add(await SettlementWorld.RedeemAsync(app, members[d.Member].Id, partner));
                        vouchers.Add(redemptions[^1]);
                    }
                    catch (DomainException refused) when (refused.Code is "points.insufficient" or "points.in-debt") { /* spent out or in debt */ }
                    break;
                case Cancel c when vouchers.Count > 0:
                    try { await SettlementWorld.CancelAsync(app, vouchers[c.Pick % vouchers.Count]); }
                    catch (DomainException refused) when (refused.Code.StartsWith("voucher.", StringComparison.Ordinal)) { /* already used */ }
                    break;
                case Prize p:
                    // As a tournament's prize voucher is issued (docs/analytics.md, "Rewards"): 0 points, no ledger entry.
                    vouchers.Add(await app.WithDbAsync(async db =>
                    {
                        var prize = new Loyalty.Domain.Rewards.Redemption(partner.RewardId, "prize", members[p.Member].Id, 0, Guid.NewGuid().ToString(), now);
                        db.Redemptions.Add(prize);
                        await db.SaveChangesAsync();
                        return prize.Id;
                    }));
                    break;
                case Use u when vouchers.Count > 0:
                    var code = await app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == vouchers[u.Pick % vouchers.Count]).Select(r => r.VoucherCode).SingleAsync());
                    try { await app.Services.GetRequiredService<Loyalty.Web.Features.Rewards.ManageRedemptions>().UseAsync(code, "admin@test"); }
                    catch (DomainException refused) when (refused.Code.StartsWith("voucher.", StringComparison.Ordinal)) { /* used or cancelled */ }
                    break;
                case Adjust a:
                    try
                    {
                        await app.Services.GetRequiredService<AdjustPoints>().HandleAsync(new AdjustPointsCommand(members[a.Member].Id, a.Points, "Goodwill", "admin@test"));
                    }
                    catch (DomainException refused) when (refused.Code.StartsWith("points.", StringComparison.Ordinal)) { /* not enough to take */ }
                    break;
                case Wait w:
                    clock.Advance(TimeSpan.FromDays(w.Days));
                    await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync();
                    break;
                case Roll roll:
                    await rollUp.HandleAsync(roll.BatchSize);
                    break;
            }
        }
        await AnalyticsWorld.RollUpAllAsync(app, finalBatch);

        Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), await AnalyticsWorld.LedgerRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.SalesRecomputedAsync(app), await AnalyticsWorld.SalesRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.ActivityRecomputedAsync(app), await AnalyticsWorld.ActivityRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.RewardRecomputedAsync(app), await AnalyticsWorld.RewardRollupAsync(app));
        // The redemptions read again from the start (as SQL Server's feed reads an updated row again): each day is counted
        // again to the same rows, nothing twice.
        await app.WithDbAsync(db => db.ProjectionCursors.Where(c => c.Name == RollUpAnalytics.RedemptionsCursor)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Position, 0L)));
        await AnalyticsWorld.RollUpAllAsync(app, finalBatch);
        Assert.Equal(await AnalyticsWorld.RewardRecomputedAsync(app), await AnalyticsWorld.RewardRollupAsync(app));
        // The property holds because the history is there, not because there is none.
        Assert.NotEmpty(await AnalyticsWorld.LedgerRollupAsync(app));
    }
}
