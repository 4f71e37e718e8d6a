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
/// (docs/campaigns.md, "Results on the analytics page"). Several instances may measure the same campaign: the last store wins.
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
        var due = campaigns.Where(x => x.MeasuredAt is not { } at || at < x.Campaign.EndsAt + FinalAfter).Select(x => x.Campaign).ToList();
        var measured = 0;
        foreach (var campaign in due)
        {
            try
            {
                await MeasureAndStoreAsync(db, campaign, clock.GetUtcNow(), ct);
                measured++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One campaign that cannot be measured keeps its last figures; the others are still measured.
                logger.LogWarning(e, "Could not measure campaign {CampaignId} for the analytics page; it is tried again on the next pass.", campaign.Id);
            }
        }
        return measured;
    }

    /// <summary>Measures the campaign and stores what it found, replacing what was stored.</summary>
    internal static async Task<CampaignMeasure> MeasureAndStoreAsync(LoyaltyDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var measure = await CampaignMeasurement.MeasureAsync(db, campaign, now, ct);
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var snapshot = await db.CampaignResultSnapshots.SingleOrDefaultAsync(s => s.CampaignId == campaign.Id, ct);
            if (snapshot is null) db.CampaignResultSnapshots.Add(snapshot = new CampaignResultSnapshot(campaign.Id));
            measure.CopyTo(snapshot);
            try
            {
                await db.SaveChangesAsync(ct);
                return measure;
            }
            catch (DbUpdateException e) when (attempt == 0 && UniqueViolation.Is(e))
            {
                // Another instance stored this campaign's first results meanwhile: replace them with ours.
            }
        }
    }
}
