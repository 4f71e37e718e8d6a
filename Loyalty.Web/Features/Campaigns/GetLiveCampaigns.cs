using Loyalty.Domain.Campaigns;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>One campaign on the live cockpit.</summary>
/// <param name="PointsPerMinute">Points issued on purchases of the last <see cref="GetLiveCampaigns.RateWindow"/>, per minute.</param>
public sealed record LiveCampaign(int Id, string Name, CampaignStatus Status, CampaignState State, long IssuedPoints, long? BudgetPoints,
    double PointsPerMinute, int MembersReached, bool NearBudget, int HoldoutPercent, decimal Cost, string Currency)
{
    /// <summary>0-100, for the budget bar; null without a cap.</summary>
    public double? BudgetUsedPercent => BudgetPoints is > 0 and { } b ? Math.Min(100, IssuedPoints * 100.0 / b) : null;
}

/// <summary>
/// The cockpit's figures, read every couple of seconds while it is open: campaigns running or paused now, with the budget
/// spent, the points per minute of the last five minutes and the members reached: three small queries over the campaign's
/// issues, on the (campaign, time) and (campaign, member) indexes.
/// </summary>
public sealed class GetLiveCampaigns(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<LiveCampaign>> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = (await db.Campaigns.AsNoTracking()
                .Where(c => (c.Status == CampaignStatus.Active || c.Status == CampaignStatus.Paused) && c.EndsAt > now && c.StartsAt <= now)
                .OrderBy(c => c.Id).ToListAsync(ct))
            .Where(c => c.StateAt(now) is CampaignState.Running or CampaignState.Paused).ToList();
        if (campaigns.Count == 0) return [];
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var ids = campaigns.Select(c => c.Id).ToList();
        var since = now - RateWindow;
        var recent = await db.CampaignIssues.AsNoTracking().Where(i => ids.Contains(i.CampaignId) && i.OccurredAt >= since && i.OccurredAt <= now)
            .GroupBy(i => i.CampaignId).Select(g => new { g.Key, Points = g.Sum(i => i.Points) }).ToDictionaryAsync(x => x.Key, x => x.Points, ct);
        var reached = await db.CampaignIssues.AsNoTracking().Where(i => ids.Contains(i.CampaignId))
            .GroupBy(i => i.CampaignId).Select(g => new { g.Key, Members = g.Select(i => i.MemberId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Members, ct);
        return campaigns.Select(c => new LiveCampaign(c.Id, c.Name, c.Status, c.StateAt(now), c.IssuedPoints, c.BudgetPoints,
            recent.GetValueOrDefault(c.Id) / RateWindow.TotalMinutes, reached.GetValueOrDefault(c.Id), c.IsNearBudget, c.HoldoutPercent,
            settings.MoneyValue(c.IssuedPoints), settings.Currency)).ToList();
    }
}
