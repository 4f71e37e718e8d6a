using Loyalty.Domain.Offers;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// "A new offer for you": when an offer goes live (published live, or its start time passed: <c>OfferNotifier</c>), every
/// member its targeting reaches gets one notification (subject <c>offer:{id}</c>), matched as members see offers
/// (<see cref="MemberProfiles"/> and <see cref="Targeting.Match"/>). The hourly reminders pass also looks at offers live
/// since the day before, so one announced while this instance was down is not lost.
/// </summary>
public sealed class AnnounceOffer(IDbContextFactory<LoyaltyDbContext> dbFactory, Notifier notifier, TimeProvider clock)
{
    public const int ChunkSize = 500;

    /// <returns>How many members were told now.</returns>
    public async Task<int> HandleAsync(int offerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null || offer.StateAt(now) != OfferState.Live) return 0;
        var added = 0;
        long after = 0;
        while (true)
        {
            var ids = await db.Members.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Select(m => m.Id).Take(ChunkSize).ToListAsync(ct);
            if (ids.Count == 0) return added;
            after = ids[^1];
            var reached = (await MemberProfiles.LoadAsync(db, ids, ct)).Values.Where(m => offer.Targeting.Match(m.Profile, m.Segments) is not null)
                .Select(m => (m.Profile.MemberId, $"offer:{offer.Id}", new Dictionary<string, string> { ["offer"] = offer.Title })).ToList();
            added += await notifier.AddMissingAsync(dbFactory, NotificationKind.NewOffer, reached, ct);
        }
    }

    /// <summary>Offers that went live in the last day (the catch-up of the hourly pass).</summary>
    public async Task<IReadOnlyList<int>> RecentlyLiveAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Few published offers at a time; compared here because SQLite cannot compare DateTimeOffset.
        var published = await db.Offers.AsNoTracking().Where(o => o.Status == OfferStatus.Published).ToListAsync(ct);
        return [.. published.Where(o => o.StateAt(now) == OfferState.Live && o.StartsAt > now.AddDays(-1)).Select(o => o.Id)];
    }
}
