using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Caching;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// The tournaments that may be live now (detached copies), so purchases and events read nothing more while none is.
/// Changes made in this process invalidate it at once; another app instance sees them within <see cref="MaxAge"/>.
/// </summary>
public sealed class LiveTournamentsCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly RefreshingValue<IReadOnlyList<Tournament>> _live;

    public LiveTournamentsCache(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock) =>
        _live = new(clock, MaxAge, async ct =>
        {
            var now = clock.GetUtcNow();
            var until = now + MaxAge;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.Tournaments.AsNoTracking()
                .Where(t => t.FinalizedAt == null && t.EndsAt > now && t.StartsAt <= until).OrderBy(t => t.Id).ToListAsync(ct);
        });

    public ValueTask<IReadOnlyList<Tournament>> GetAsync(CancellationToken ct = default) => _live.GetAsync(ct);

    public void Invalidate() => _live.Invalidate();
}
