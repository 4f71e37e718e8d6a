using Loyalty.Domain;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>A tournament as one member sees it.</summary>
public sealed record MemberTournamentRow(
    int Id,
    string Name,
    string Description,
    TournamentState State,
    TournamentScoring Scoring,
    string ScoreUnit,
    string Currency,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool Eligible,
    bool JoinRequired,
    bool Joined,
    int? Rank,
    long Score,
    int Participants,
    IReadOnlyList<PrizeRange> Prizes,
    string? ImageFileName)
{
    /// <summary>The member may press Join: eligible, joining is required, not joined yet, and the tournament still takes entries.</summary>
    public bool CanJoin => Eligible && JoinRequired && !Joined && Tournament.TakesEntries(State);
}

/// <summary>The member's tournaments: live and upcoming first, then the last 60 days' results; and joining one.</summary>
public sealed class MemberTournaments(IDbContextFactory<LoyaltyDbContext> dbFactory, LeaderboardRegistry registry, IScoreBus bus, TimeProvider clock)
{
    public static readonly TimeSpan ResultsShownFor = TimeSpan.FromDays(60);

    public Task<IReadOnlyList<MemberTournamentRow>> ListAsync(long memberId, CancellationToken ct = default) => ReadAsync(memberId, null, ct);

    /// <summary>One tournament as the member sees it (whenever it ended); null when there is none.</summary>
    public async Task<MemberTournamentRow?> GetAsync(long memberId, int tournamentId, CancellationToken ct = default) =>
        (await ReadAsync(memberId, tournamentId, ct)).SingleOrDefault();

    private async Task<IReadOnlyList<MemberTournamentRow>> ReadAsync(long memberId, int? only, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var since = now - ResultsShownFor;
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        var tournaments = await (only is { } id ? db.Tournaments.Where(t => t.Id == id) : db.Tournaments.Where(t => t.EndsAt > since))
            .AsNoTracking().ToListAsync(ct);
        var ids = tournaments.Select(t => t.Id).ToList();
        var mine = await db.TournamentEntries.AsNoTracking().Where(e => e.MemberId == memberId && ids.Contains(e.TournamentId))
            .ToDictionaryAsync(e => e.TournamentId, ct);
        var rows = new List<MemberTournamentRow>();
        foreach (var t in tournaments)
        {
            var state = t.StateAt(now);
            var board = state == TournamentState.Scheduled ? null : await registry.GetAsync(t.Id, ct);
            var standing = board?.StandingOf(memberId, 0);
            mine.TryGetValue(t.Id, out var entry);
            var rank = state == TournamentState.Finalized ? entry?.FinalRank : standing?.Rank;
            rows.Add(new MemberTournamentRow(t.Id, t.Name, t.Description, state, t.Scoring, ScoreUnits.Of(t.Scoring),
                board?.Info.Currency ?? "", t.StartsAt, t.EndsAt, t.IsEligible(member.TierId), t.JoinRequired, entry is not null, rank,
                standing?.Score ?? entry?.Score ?? 0, board?.Count ?? 0, t.Prizes, t.ImageFileName));
        }
        return rows.OrderBy(r => r.State switch { TournamentState.Live => 0, TournamentState.Scheduled => 1, _ => 2 })
            .ThenBy(r => r.State == TournamentState.Scheduled ? r.StartsAt : DateTimeOffset.MaxValue).ThenByDescending(r => r.EndsAt).ToList();
    }

    /// <summary>Takes the member into a tournament (joining twice is harmless). Refuses when not eligible or over.</summary>
    public async Task JoinAsync(long memberId, int tournamentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var t = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == tournamentId, ct)
                ?? throw DomainException.NotFound("tournament.not-found", "There is no such tournament.", field: "tournamentId");
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        if (!Tournament.TakesEntries(t.StateAt(now)))
            throw DomainException.Conflict("tournament.over", "This tournament is over; it can no longer be joined.");
        if (!t.IsEligible(member.TierId))
            throw DomainException.Conflict("tournament.not-eligible", "Your tier cannot take part in this tournament.");
        if (await db.TournamentEntries.AnyAsync(e => e.TournamentId == t.Id && e.MemberId == memberId, ct)) return;
        var style = await RefreshPublicName.StyleAsync(db, ct);
        var entry = new TournamentEntry(t.Id, memberId, now);
        db.TournamentEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return; // joined meanwhile (another tab)
        }
        bus.Publish([new ScoreChange(t.Id, t.Key, new Participant(entry.Id, memberId, member.PublicNameBy(style), member.UserId), entry.Score, entry.ReachedAtTicks)]);
    }
}
