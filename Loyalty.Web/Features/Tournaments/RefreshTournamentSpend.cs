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
        var due = tournaments.Where(t => MeasuredSnapshots.IsDue(t.MeasuredAt, t.EndsAt, FinalAfter));
        return await MeasuredSnapshots.MeasureEachAsync(due, t => MeasureAndStoreAsync(db, t.Id, t.StartsAt, t.EndsAt, clock.GetUtcNow(), ct),
            t => t.Id, "tournament", logger);
    }

    /// <summary>Measures the tournament and stores what it found, unless a later measurement is stored.</summary>
    internal static async Task<TournamentSpendSnapshot> MeasureAndStoreAsync(LoyaltyDbContext db, int id, DateTimeOffset startsAt, DateTimeOffset endsAt,
        DateTimeOffset now, CancellationToken ct)
    {
        var participants = await db.TournamentEntries.CountAsync(e => e.TournamentId == id, ct);
        var members = await db.Members.CountAsync(m => m.JoinedAt < endsAt, ct);
        var window = db.Purchases.AsNoTracking().Where(p => p.OccurredAt >= startsAt && p.OccurredAt < endsAt);
        var all = await window.SumAsync(p => p.Amount, ct);
        var theirs = await window.Where(p => db.TournamentEntries.Any(e => e.TournamentId == id && e.MemberId == p.MemberId)).SumAsync(p => p.Amount, ct);
        var row = new TournamentSpendSnapshot(id)
        {
            Participants = participants, Members = members, ParticipantSales = theirs, OtherSales = all - theirs, ComputedAt = now,
        };
        await MeasuredSnapshots.StoreIfNewerAsync(db, row, s => s.TournamentId == id && s.ComputedAt <= now, v => v
            .SetProperty(s => s.Participants, row.Participants).SetProperty(s => s.Members, row.Members)
            .SetProperty(s => s.ParticipantSales, row.ParticipantSales).SetProperty(s => s.OtherSales, row.OtherSales)
            .SetProperty(s => s.ComputedAt, row.ComputedAt), ct);
        return row;
    }
}
