using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Campaigns;

/// <summary>A campaign's measured effect: treated against held-out members, what it cost, and the sales it touched.</summary>
/// <param name="SalesTouched">The qualifying part of the purchases it gave points on: includes sales that would have happened anyway.</param>
/// <param name="MeasuredAt">When its purchases were read (<see cref="CampaignMeasurement"/>).</param>
public sealed record CampaignResults(int CampaignId, string Name, int HoldoutPercent, CampaignLift Lift, long IssuedPoints, decimal SalesTouched,
    string Currency, DateTimeOffset MeasuredAt)
{
    public decimal Cost => Lift.Cost;

    /// <summary>Measured a day or more after the campaign's end: these figures no longer change (<see cref="RefreshCampaignResults.FinalAfter"/>).</summary>
    public bool Final { get; init; }
}

/// <summary>
/// A campaign's results: measured now for its own page; for the analytics page, as last measured by
/// <see cref="RefreshCampaignResults"/> (a campaign never measured yet is measured then and stored), so the page does not
/// read every campaign's purchases (docs/campaigns.md, "Results on the analytics page").
/// </summary>
public sealed class GetCampaignResults(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CampaignResults> HandleAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw DomainException.NotFound("campaign.not-found", $"No campaign has the id {id}; go back to the list of campaigns.", field: "id");
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        return Results(campaign, await CampaignMeasurement.MeasureAsync(db, campaign, clock.GetUtcNow(), ct), settings);
    }

    /// <summary>The results of every campaign that ran in [from, to): for the analytics page.</summary>
    public async Task<IReadOnlyList<CampaignResults>> ForWindowAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.Status != CampaignStatus.Draft && c.StartsAt < to && c.EndsAt > from)
            .OrderBy(c => c.StartsAt).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = campaigns.ConvertAll(c => c.Id);
        var stored = await db.CampaignResultSnapshots.AsNoTracking().Where(s => ids.Contains(s.CampaignId)).ToDictionaryAsync(s => s.CampaignId, ct);
        var results = new List<CampaignResults>(campaigns.Count);
        foreach (var campaign in campaigns)
        {
            var measure = stored.TryGetValue(campaign.Id, out var snapshot) ? CampaignMeasure.Of(snapshot)
                : await RefreshCampaignResults.MeasureAndStoreAsync(db, campaign, clock.GetUtcNow(), ct);
            results.Add(Results(campaign, measure, settings));
        }
        return results;
    }

    private static CampaignResults Results(Campaign campaign, CampaignMeasure measure, Domain.Programs.ProgramSettings settings) =>
        new(campaign.Id, campaign.Name, campaign.HoldoutPercent,
            CampaignLift.Compute(measure.Treated, measure.Holdout, settings.MoneyValue(campaign.IssuedPoints)),
            campaign.IssuedPoints, measure.SalesTouched, settings.Currency, measure.MeasuredAt)
        {
            Final = measure.MeasuredAt >= campaign.EndsAt + RefreshCampaignResults.FinalAfter,
        };
}
