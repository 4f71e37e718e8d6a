using Loyalty.Domain.Members;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// Collects what a group of purchases or events adds to live tournament scores, then writes the entries in the same
/// transaction (so a score exists exactly when its purchase does) and, once committed, moves the live boards.
/// </summary>
public sealed class TournamentScorer(IReadOnlyList<Tournament> candidates, DateTimeOffset now)
{
    private readonly List<Tournament> _live = candidates.Where(t => t.StateAt(now) == TournamentState.Live).ToList();
    private readonly Dictionary<(int Tournament, long Member), long> _deltas = [];
    private readonly Dictionary<long, Member> _members = [];

    /// <summary>No live tournament: callers skip every tournament read and write.</summary>
    public bool IsIdle => _live.Count == 0;

    public void Purchase(Member member, long pointsEarned, decimal amount, DateTimeOffset occurredAt)
    {
        foreach (var t in _live)
            if (t.IsEligible(member.TierId))
                Add(t, member, t.ScoreForPurchase(pointsEarned, amount, occurredAt));
    }

    public void Event(Member member, string eventCode, DateTimeOffset occurredAt)
    {
        foreach (var t in _live)
            if (t.IsEligible(member.TierId))
                Add(t, member, t.ScoreForEvent(eventCode, occurredAt));
    }

    /// <summary>A return takes off (a share of) what its purchase added, in each live tournament the purchase counted for.</summary>
    public void Return(Member member, long purchasePoints, decimal purchaseAmount, decimal refundedBefore, decimal refundedAfter,
        DateTimeOffset purchaseOccurredAt)
    {
        foreach (var t in _live)
        {
            var purchaseScore = t.ScoreForPurchase(purchasePoints, purchaseAmount, purchaseOccurredAt);
            Add(t, member, -t.ScoreForReturn(purchaseScore, purchaseAmount, refundedBefore, refundedAfter, purchaseOccurredAt));
        }
    }

    private void Add(Tournament t, Member member, long delta)
    {
        if (delta == 0) return;
        _members[member.Id] = member;
        _deltas[(t.Id, member.Id)] = _deltas.GetValueOrDefault((t.Id, member.Id)) + delta;
    }

    /// <summary>
    /// Updates (or, where no join is needed, creates) the entries; the caller's SaveChanges writes them. After the commit
    /// the changes go to <paramref name="bus"/>.
    /// </summary>
    public async Task StageAsync(LoyaltyDbContext db, IScoreBus bus, CancellationToken ct)
    {
        if (_deltas.Count == 0) return;
        var candidateIds = _deltas.Keys.Select(k => k.Tournament).Distinct().ToList();
        // The candidates are a cached copy (another instance may have ended or finalized one since, or this one while the
        // group waited): the window is read again in this transaction, and a tournament no longer live scores nothing.
        var tournamentIds = await db.Tournaments.AsNoTracking()
            .Where(t => candidateIds.Contains(t.Id) && t.FinalizedAt == null && t.StartsAt <= now && t.EndsAt > now)
            .Select(t => t.Id).ToListAsync(ct);
        if (tournamentIds.Count == 0) return;
        var memberIds = _deltas.Keys.Select(k => k.Member).Distinct().ToList();
        var entries = await db.TournamentEntries.Where(e => tournamentIds.Contains(e.TournamentId) && memberIds.Contains(e.MemberId))
            .ToDictionaryAsync(e => (e.TournamentId, e.MemberId), ct);
        var byId = _live.ToDictionary(t => t.Id);
        var changed = new List<(Tournament Tournament, TournamentEntry Entry, Member Member)>();
        var tick = 0;
        foreach (var ((tournamentId, memberId), delta) in _deltas)
        {
            if (!tournamentIds.Contains(tournamentId)) continue;
            var tournament = byId[tournamentId];
            if (!entries.TryGetValue((tournamentId, memberId), out var entry))
            {
                // A return never creates an entry; a tournament that needs a join counts only those who joined.
                if (delta < 0 || tournament.JoinRequired) continue;
                entry = new TournamentEntry(tournamentId, memberId, now);
                db.TournamentEntries.Add(entry);
            }
            // Ties go to who reached the score first: within one group, in the order of the changes.
            if (entry.AddScore(delta, now.AddTicks(tick++))) changed.Add((tournament, entry, _members[memberId]));
        }
        if (changed.Count == 0) return;
        var style = await RefreshPublicName.StyleAsync(db, ct);
        db.AfterCommit.Add(() => bus.Publish(changed.ConvertAll(c => new ScoreChange(c.Tournament.Id, c.Tournament.Key,
            new Participant(c.Entry.Id, c.Member.Id, c.Member.PublicNameBy(style), c.Member.UserId), c.Entry.Score, c.Entry.ReachedAtTicks))));
    }
}
