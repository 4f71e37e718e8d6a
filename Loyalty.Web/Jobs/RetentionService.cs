using Loyalty.Web.Data;
using Loyalty.Web.Features.Retention;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Runs <see cref="TrimOldPurchaseItems"/> on a schedule (<c>Retention:IntervalMinutes</c>: default once a day, 0 = off), and
/// drops the name and e-mail search terms an instance without the interceptor (a rolling upgrade) left to a member it erased
/// (<see cref="MemberSearchTermsBackfill.DropErasedWordsAsync"/>, also run at every start). Safe on several instances at once.
/// </summary>
public sealed class RetentionService(TrimOldPurchaseItems trim, IDbContextFactory<LoyaltyDbContext> dbFactory, IConfiguration configuration,
    TimeProvider clock, ILogger<RetentionService> logger)
    : IntervalJob(configuration, clock, logger, "Retention:IntervalMinutes", 24 * 60, "data retention")
{
    protected override async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await trim.HandleAsync(ct);
        }
        finally
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await MemberSearchTermsBackfill.DropErasedWordsAsync(db, CancellationToken.None); // dropped even when trimming failed or was stopped
        }
    }
}
