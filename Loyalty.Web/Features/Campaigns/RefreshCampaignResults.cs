using Loyalty.Domain.Campaigns;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>
/// Measures every campaign whose stored results may be out of date and stores them (<see cref="CampaignResultSnapshot"/>):
/// one that has started and was last measured before <see cref="FinalAfter"/> past its end (purchases sent late by tills
/// still count); after that its results are final. Run by <c>Jobs/AnalyticsMeasurementsJob</c>
/// (docs/campaigns.md, "Results on the analytics page"). Several instances may measure the same campaign: the latest measurement is kept.
/// </summary>
public sealed class RefreshCampaignResults(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, ILogger<RefreshCampaignResults> logger)
{
    /// <summary>How long after its end a campaign is measured again.</summary>
    public static readonly TimeSpan FinalAfter = TimeSpan.FromDays(1);

    /// <summary>Measures the campaigns that are due; returns how many were measured.</summary>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.Status != CampaignStatus.Draft && c.StartsAt <= now)
            .GroupJoin(db.CampaignResultSnapshots.AsNoTracking(), c => c.Id, s => s.CampaignId, (c, s) => new { c, s })
            .SelectMany(x => x.s.DefaultIfEmpty(), (x, s) => new { Campaign = x.c, MeasuredAt = s == null ? (DateTimeOffset?)null : s.ComputedAt })
            .ToListAsync(ct);
        var due = campaigns.Where(x => MeasuredSnapshots.IsDue(x.MeasuredAt, x.Campaign.EndsAt, FinalAfter)).Select(x => x.Campaign);
        return await MeasuredSnapshots.MeasureEachAsync(due, c => MeasureAndStoreAsync(db, c, clock.GetUtcNow(), ct), c => c.Id, "campaign", logger);
    }

    /// <summary>Measures the campaign and stores what it found, unless a later measurement is stored.</summary>
    internal static async Task<CampaignMeasure> MeasureAndStoreAsync(LoyaltyDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var measure = await CampaignMeasurement.MeasureAsync(db, campaign, now, ct);
        var row = new CampaignResultSnapshot(campaign.Id);
        measure.CopyTo(row);
        await MeasuredSnapshots.StoreIfNewerAsync(db, row, s => s.CampaignId == campaign.Id && s.ComputedAt <= row.ComputedAt, v => v
            .SetProperty(s => s.TreatedMembers, row.TreatedMembers).SetProperty(s => s.TreatedSales, row.TreatedSales)
            .SetProperty(s => s.TreatedSquares, row.TreatedSquares).SetProperty(s => s.HoldoutMembers, row.HoldoutMembers)
            .SetProperty(s => s.HoldoutSales, row.HoldoutSales).SetProperty(s => s.HoldoutSquares, row.HoldoutSquares)
            .SetProperty(s => s.SalesTouched, row.SalesTouched).SetProperty(s => s.ComputedAt, row.ComputedAt), ct);
        return measure;
    }
}
