using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// Measures the tournaments whose stored participation and spend may be out of date (<see cref="TournamentSpendSnapshot"/>):
/// one that has started and was last measured before <see cref="FinalAfter"/> past its end; after that its figures are final.
/// Four aggregate queries a tournament (entries, members, the window's sales, the participants' share of them). Run by
/// <c>Jobs/AnalyticsMeasurementsJob</c> (docs/campaigns.md, "Results on the analytics page").
/// </summary>
public sealed class RefreshTournamentSpend(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, ILogger<RefreshTournamentSpend> logger)
{
    /// <summary>How long after its end a tournament is measured again (purchases sent late by tills still count).</summary>
    public static readonly TimeSpan FinalAfter = TimeSpan.FromDays(1);

    /// <summary>Measures the tournaments that are due; returns how many were measured.</summary>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tournaments = await db.Tournaments.AsNoTracking().Where(t => t.StartsAt <= now)
            .GroupJoin(db.TournamentSpendSnapshots.AsNoTracking(), t => t.Id, s => s.TournamentId, (t, s) => new { t, s })
            .SelectMany(x => x.s.DefaultIfEmpty(), (x, s) => new { x.t.Id, x.t.StartsAt, x.t.EndsAt, MeasuredAt = s == null ? (DateTimeOffset?)null : s.ComputedAt })
            .ToListAsync(ct);
        var due = tournaments.Where(t => t.MeasuredAt is not { } at || at < t.EndsAt + FinalAfter).ToList();
        var measured = 0;
        foreach (var t in due)
        {
            try
            {
                await MeasureAndStoreAsync(db, t.Id, t.StartsAt, t.EndsAt, clock.GetUtcNow(), ct);
                measured++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One tournament that cannot be measured keeps its last figures; the others are still measured.
                logger.LogWarning(e, "Could not measure tournament {TournamentId} for the analytics page; it is tried again on the next pass.", t.Id);
            }
        }
        return measured;
    }

    /// <summary>Measures the tournament and stores what it found, replacing what was stored.</summary>
    internal static async Task<TournamentSpendSnapshot> MeasureAndStoreAsync(LoyaltyDbContext db, int id, DateTimeOffset startsAt, DateTimeOffset endsAt,
        DateTimeOffset now, CancellationToken ct)
    {
        var participants = await db.TournamentEntries.CountAsync(e => e.TournamentId == id, ct);
        var members = await db.Members.CountAsync(m => m.JoinedAt < endsAt, ct);
        var window = db.Purchases.AsNoTracking().Where(p => p.OccurredAt >= startsAt && p.OccurredAt < endsAt);
        var all = await window.SumAsync(p => p.Amount, ct);
        var theirs = await window.Where(p => db.TournamentEntries.Any(e => e.TournamentId == id && e.MemberId == p.MemberId)).SumAsync(p => p.Amount, ct);
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var snapshot = await db.TournamentSpendSnapshots.SingleOrDefaultAsync(s => s.TournamentId == id, ct);
            if (snapshot is null) db.TournamentSpendSnapshots.Add(snapshot = new TournamentSpendSnapshot(id));
            (snapshot.Participants, snapshot.Members, snapshot.ParticipantSales, snapshot.OtherSales, snapshot.ComputedAt) =
                (participants, members, theirs, all - theirs, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return snapshot;
            }
            catch (DbUpdateException e) when (attempt == 0 && UniqueViolation.Is(e))
            {
                // Another instance stored this tournament's first figures meanwhile: replace them with ours.
            }
        }
    }
}
