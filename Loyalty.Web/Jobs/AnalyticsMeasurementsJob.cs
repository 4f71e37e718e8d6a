using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Tournaments;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Measures running and recently ended campaigns and tournaments for the analytics page at start and every
/// <c>Analytics:MeasurementsRefreshMinutes</c> (5 by default; 0 = off), so the page reads stored figures (docs/campaigns.md,
/// "Results on the analytics page"). Safe on several instances: each stores whole measurements.
/// </summary>
public sealed class AnalyticsMeasurementsJob(RefreshCampaignResults campaigns, RefreshTournamentSpend tournaments, IConfiguration configuration,
    TimeProvider clock, ILogger<AnalyticsMeasurementsJob> logger)
    : IntervalJob(configuration, clock, logger, Setting, 5, "campaign and tournament measurements")
{
    public const string Setting = "Analytics:MeasurementsRefreshMinutes";

    protected override async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await campaigns.HandleAsync(ct);
        }
        finally
        {
            await tournaments.HandleAsync(ct); // measured even when the campaigns' pass failed
        }
    }
}
