using System.Net;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using Loyalty.Tests.Builders;

namespace Loyalty.Tests.Integration;

public sealed class RedemptionTests
{
    private static async Task<int> RewardAsync(LoyaltyAppFactory app, long cost = 500, int? stock = null, int? limit = null,
        DateTimeOffset? from = null, DateTimeOffset? until = null, string? minimumTier = null) =>
        await app.WithDbAsync(async db =>
        {
            int? tierId = minimumTier is null ? null : await db.Tiers.Where(t => t.Code == minimumTier).Select(t => t.Id).SingleAsync();
            var reward = new Reward("Free coffee", "Any size", RewardCategory.FreeProduct, cost, stock, limit, from, until, tierId);
            db.Rewards.Add(reward);
            await db.SaveChangesAsync();
            return reward.Id;
        });

    private static async Task<long> FundedMemberAsync(LoyaltyAppFactory app, long points)
    {
        var (id, _) = await MemberFactory.RegisterAsync(app);
        if (points > 0) await MemberFactory.FundAsync(app, id, points);
        return id;
    }

    private static Task<RedeemResult> Redeem(LoyaltyAppFactory app, long memberId, int rewardId, string? key = null) =>
        app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(memberId, rewardId, key ?? Guid.NewGuid().ToString()));

    private static Task<long> LedgerSumAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));

    [Fact]
    public async Task Fifty_members_racing_for_a_stock_of_ten_get_exactly_ten_vouchers_and_nobody_pays_without_one()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app, cost: 300, stock: 10);
        var members = new List<long>();
        for (var i = 0; i < 50; i++) members.Add(await FundedMemberAsync(app, 1_000));

        var results = await Task.WhenAll(members.Select(async m =>
        {
            try { await Redeem(app, m, rewardId); return true; }
            catch (DomainException e) when (e.Code == "reward.out-of-stock") { return false; }
        }));

        Assert.Equal(10, results.Count(r => r));
        Assert.Equal(0, await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync()));
        Assert.Equal(10, await app.WithDbAsync(db => db.Redemptions.CountAsync(r => r.RewardId == rewardId)));
        foreach (var m in members)
        {
            var vouchers = await app.WithDbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == m));
            Assert.Equal(1_000 - 300 * vouchers, await LedgerSumAsync(app, m));
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_is_one_voucher_and_one_debit()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app);
        var member = await FundedMemberAsync(app, 2_000);

        var a = await Redeem(app, member, rewardId, "dialog-1");
        var b = await Redeem(app, member, rewardId, "dialog-1");

        Assert.Equal(a.VoucherCode, b.VoucherCode);
        Assert.True(b.Replayed);
        Assert.Equal(1_500, await LedgerSumAsync(app, member));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "limit", "reward.limit" },
        { "tier", "reward.tier" },
        { "window", "reward.ended" },
        { "points", "points.insufficient" },
        { "debt", "points.in-debt" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_redemption_that_breaks_a_rule_is_refused_with_the_reason_and_changes_nothing(string rule, string code)
    {
        await using var app = new LoyaltyAppFactory();
        var now = DateTimeOffset.UtcNow;
        var rewardId = rule switch
        {
            "limit" => await RewardAsync(app, stock: 5, limit: 1),
            "tier" => await RewardAsync(app, stock: 5, minimumTier: "gold"),
            "window" => await RewardAsync(app, stock: 5, from: now.AddDays(-10), until: now.AddDays(-1)),
            _ => await RewardAsync(app, stock: 5),
        };
        var member = await FundedMemberAsync(app, rule == "points" ? 499 : 2_000);
        if (rule == "limit") await Redeem(app, member, rewardId);
        if (rule == "debt") await app.WithDbAsync(async db =>
        {
            var m = await db.Members.SingleAsync(x => x.Id == member);
            m.SetDebt(100);
            return await db.SaveChangesAsync();
        });
        var ledgerBefore = await LedgerSumAsync(app, member);
        var stockBefore = await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync());

        var refused = await Assert.ThrowsAsync<DomainException>(() => Redeem(app, member, rewardId));

        Assert.Equal(code, refused.Code);
        Assert.Equal(RefusalKind.Conflict, refused.Kind);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        if (rule == "debt") Assert.Contains("owes 100 points", refused.Message);
        if (rule == "points") Assert.Contains("500 points are needed but only 499", refused.Message);
        Assert.Equal(ledgerBefore, await LedgerSumAsync(app, member));
        Assert.Equal(stockBefore, await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync()));
    }

    [Fact]
    public async Task Cancelling_refunds_exactly_the_points_and_returns_the_stock_and_twice_changes_nothing()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app, cost: 700, stock: 3);
        var member = await FundedMemberAsync(app, 1_000);
        var voucher = await Redeem(app, member, rewardId);
        var manage = app.Services.GetRequiredService<ManageRedemptions>();

        Assert.True(await manage.CancelAsync(voucher.RedemptionId, "admin@test", "Customer changed their mind"));
        Assert.False(await manage.CancelAsync(voucher.RedemptionId, "admin@test", "again"));

        Assert.Equal(1_000, await LedgerSumAsync(app, member));
        Assert.Equal(3, await app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == member && e.Kind == LedgerEntryKind.Refund)));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "redemption.cancelled")));
    }

    [Fact]
    public async Task Cancelling_gives_the_points_back_with_the_expiry_they_had_and_points_that_lapsed_meanwhile_expire_at_once()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app, cost: 700);
        var (member, _) = await MemberFactory.RegisterAsync(app);
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond)); // times are kept to the millisecond
        var soon = now.AddSeconds(3);
        var (inTwoMonths, inTenMonths) = (now.AddMonths(2), now.AddMonths(10));
        await MemberFactory.FundAsync(app, member, 200, soon);
        await MemberFactory.FundAsync(app, member, 300, inTwoMonths);
        await MemberFactory.FundAsync(app, member, 600, inTenMonths);
        var voucher = await Redeem(app, member, rewardId); // 200 (soon) + 300 (two months) + 200 of the ten-month lot
        while (DateTimeOffset.UtcNow <= soon) await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.True(await app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(voucher.RedemptionId, "admin@test", "Changed mind"));

        var refunds = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == member && e.Kind == LedgerEntryKind.Refund)
            .Join(db.PointsLots, e => e.LotId, l => l.Id, (e, l) => new { e.Points, l.ExpiresAt, l.Remaining, e.Reason }).ToListAsync());
        Assert.Equal([(200L, soon), (300L, inTwoMonths), (200L, inTenMonths)],
            refunds.OrderBy(r => r.ExpiresAt).Select(r => (r.Points, r.ExpiresAt!.Value)));
        Assert.Contains(refunds, r => ReasonWords.English(r.Reason).Contains($"expiring {inTwoMonths:d MMM yyyy}, as before"));
        // The 200 points whose date passed while they were spent came back already due: expired at once, not spendable.
        Assert.Equal(0, refunds.Single(r => r.ExpiresAt == soon).Remaining);
        Assert.Equal(-200, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == member && e.Kind == LedgerEntryKind.Expire)
            .SumAsync(e => e.Points)));
        Assert.Equal(1_100 - 200, await LedgerSumAsync(app, member)); // as if never redeemed: those 200 would have expired too
    }

    [Fact]
    public async Task Tills_mark_vouchers_used_and_unknown_used_or_cancelled_codes_are_refused()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app, cost: 100);
        var member = await FundedMemberAsync(app, 1_000);
        var used = await Redeem(app, member, rewardId);
        var cancelled = await Redeem(app, member, rewardId);
        await app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(cancelled.RedemptionId, "admin@test", "test");
        var api = await ApiClient.CreateAsync(app, Loyalty.Domain.Integrations.ApiScopes.Vouchers);

        var ok = await api.PostAsync($"/api/v1/vouchers/{used.VoucherCode.ToLowerInvariant()}/use", null);
        var again = await api.PostAsync($"/api/v1/vouchers/{used.VoucherCode}/use", null);
        var unknown = await api.PostAsync("/api/v1/vouchers/AAAA-BBBB-CCCC/use", null);
        var gone = await api.PostAsync($"/api/v1/vouchers/{cancelled.VoucherCode}/use", null);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already used", await again.Content.ReadAsStringAsync());
        // A domain refusal carries its stable code, and no domain code ever appears as a field name.
        Assert.Equal("voucher.used", await again.ProblemCodeAsync());
        Assert.Equal(["code"], await again.ProblemFieldsAsync());
        Assert.Equal("voucher.not-found", await unknown.ProblemCodeAsync());
        Assert.Equal(["code"], await unknown.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Contains("cancelled", await gone.Content.ReadAsStringAsync());
        Assert.Equal("voucher.cancelled", await gone.ProblemCodeAsync());
        Assert.Equal(["code"], await gone.ProblemFieldsAsync());
        Assert.Equal(RedemptionStatus.Used, await app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == used.RedemptionId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Open_catalogs_are_told_the_new_stock_when_a_reward_is_redeemed_or_cancelled()
    {
        await using var app = new LoyaltyAppFactory();
        var rewardId = await RewardAsync(app, cost: 100, stock: 4);
        var member = await FundedMemberAsync(app, 1_000);
        var seen = new List<(int, int?)>();
        app.Services.GetRequiredService<RewardStockNotifier>().StockChanged += (id, stock) => seen.Add((id, stock));

        var voucher = await Redeem(app, member, rewardId);
        await app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(voucher.RedemptionId, "admin@test", "test");

        Assert.Equal([(rewardId, 3), (rewardId, 4)], seen);
    }
}

public sealed class RewardEditingTests
{
    [Fact]
    public async Task Editing_a_reward_keeps_the_stock_members_used_meanwhile_and_a_stale_stock_change_is_refused()
    {
        await using var app = new LoyaltyAppFactory();
        var rewards = app.Services.GetRequiredService<ManageRewards>();
        var id = await rewards.SaveAsync(new RewardForm { Name = "Cinema ticket", CostPoints = 100, Stock = 10 }, "admin@test");
        var form = (await rewards.ListAsync()).Single(r => r.Id == id);
        var (member, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, member, 1_000);
        await app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(member, id, "k1"));

        form.Name = "Cinema ticket (2D)";
        await rewards.SaveAsync(form, "admin@test");
        Assert.Equal(9, (await rewards.ListAsync()).Single(r => r.Id == id).Stock);

        var stale = (await rewards.ListAsync()).Single(r => r.Id == id);
        await app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(member, id, "k2"));
        stale.Stock = 50;
        var refused = await Assert.ThrowsAsync<DomainException>(() => rewards.SaveAsync(stale, "admin@test"));
        Assert.Equal("stock", refused.Field);
        Assert.Equal(8, (await rewards.ListAsync()).Single(r => r.Id == id).Stock);
    }

    [Fact]
    public async Task A_member_is_never_charged_more_than_the_cost_they_agreed_to()
    {
        await using var app = new LoyaltyAppFactory();
        var rewards = app.Services.GetRequiredService<ManageRewards>();
        var id = await rewards.SaveAsync(new RewardForm { Name = "Spa", CostPoints = 500 }, "admin@test");
        var (member, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, member, 5_000);
        var form = (await rewards.ListAsync()).Single(r => r.Id == id);
        form.CostPoints = 4_000;
        await rewards.SaveAsync(form, "admin@test");

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(member, id, "dialog", ExpectedCost: 500)));

        Assert.Equal("cost", refused.Field);
        Assert.Equal(5_000, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == member).SumAsync(e => e.Points)));
    }
}
