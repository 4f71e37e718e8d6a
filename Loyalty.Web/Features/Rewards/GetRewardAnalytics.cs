using System.Globalization;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

/// <param name="Redemptions">Redemptions issued in the range and not cancelled.</param>
public sealed record RewardRedemptionRow(int RewardId, string Name, int Redemptions, long Points);

/// <summary>A live reward with no stock left now, and how often it was redeemed in the range.</summary>
public sealed record StockOutRow(int RewardId, string Name, long CostPoints, int RedemptionsInRange);

public sealed record RewardAnalytics(IReadOnlyList<RewardRedemptionRow> Top, IReadOnlyList<StockOutRow> StockOuts);

/// <summary>
/// The analytics page's rewards: the most redeemed rewards of the range and the rewards out of stock now. Honours the date
/// range only (docs/campaigns.md, "Engagement analytics"); summed in the database over the days of the range of the rewards'
/// daily rollup (docs/analytics.md, "Rewards"), no row read per redemption.
/// </summary>
public sealed class GetRewardAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int TopCount = 10;

    public async Task<RewardAnalytics> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        var (from, to) = (filter.From, filter.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = (await db.RewardDailyRollups.AsNoTracking()
            .Where(r => r.Day >= from && r.Day <= to)
            .GroupBy(r => r.RewardId).Select(g => new { g.Key, Count = g.Sum(r => r.Redemptions), Points = g.Sum(r => r.Points) })
            .ToListAsync(ct)).Where(c => c.Count > 0).Select(c => new { c.Key, Count = checked((int)c.Count), c.Points }).ToList();
        var stockOuts = await db.Rewards.AsNoTracking().Where(r => r.Stock == 0 && r.RetiredAt == null)
            .Select(r => new { r.Id, r.Name, r.CostPoints }).ToListAsync(ct);
        var top = counts.OrderByDescending(c => c.Count).ThenBy(c => c.Key).Take(TopCount).ToList();
        var ids = top.Select(t => t.Key).ToList();
        var names = await db.Rewards.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var byReward = counts.ToDictionary(c => c.Key, c => c.Count);
        return new RewardAnalytics(
            top.Select(t => new RewardRedemptionRow(t.Key, names.GetValueOrDefault(t.Key, $"#{t.Key}"), t.Count, t.Points)).ToList(),
            stockOuts.OrderBy(s => s.Name, StringComparer.CurrentCulture)
                .Select(s => new StockOutRow(s.Id, s.Name, s.CostPoints, byReward.GetValueOrDefault(s.Id))).ToList());
    }
}

/// <summary>CSV "rewards-top": the most redeemed rewards of the range.</summary>
public sealed class TopRewardsTable(GetRewardAnalytics query) : IAnalyticsTableSource
{
    public const string Name = "rewards-top";

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var rewards = await query.HandleAsync(filter, ct);
        return new AnalyticsTable($"{Name}.csv", ["reward_id", "reward", "redemptions", "points"],
            rewards.Top.Select(r => (IReadOnlyList<string>)[Text(r.RewardId), r.Name, Text(r.Redemptions), Text(r.Points)]).ToList());
    }

    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>CSV "rewards-stock-outs": rewards with no stock left now.</summary>
public sealed class StockOutsTable(GetRewardAnalytics query) : IAnalyticsTableSource
{
    public const string Name = "rewards-stock-outs";

    public async Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct)
    {
        var rewards = await query.HandleAsync(filter, ct);
        return new AnalyticsTable($"{Name}.csv", ["reward_id", "reward", "cost_points", "redemptions_in_range"],
            rewards.StockOuts.Select(r => (IReadOnlyList<string>)[TopRewardsTable.Text(r.RewardId), r.Name, TopRewardsTable.Text(r.CostPoints),
                TopRewardsTable.Text(r.RedemptionsInRange)]).ToList());
    }
}
