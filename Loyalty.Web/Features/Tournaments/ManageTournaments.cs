using Loyalty.Domain;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>Admins create, edit, start, end and delete tournaments (audited); every change reaches the live boards.</summary>
public sealed class ManageTournaments(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    LiveTournamentsCache liveCache,
    IScoreBus bus,
    AuditLog audit,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TournamentListRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var counts = await db.TournamentEntries.GroupBy(e => e.TournamentId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var all = await db.Tournaments.AsNoTracking().ToListAsync(ct);
        return all.OrderBy(t => t.StateAt(now) switch { TournamentState.Live => 0, TournamentState.Scheduled => 1, TournamentState.Ended => 2, _ => 3 })
            .ThenByDescending(t => t.EndsAt)
            .Select(t => new TournamentListRow(t.Id, t.Name, t.StateAt(now), t.Scoring, t.StartsAt, t.EndsAt, t.JoinRequired,
                counts.GetValueOrDefault(t.Id), t.ImageFileName))
            .ToList();
    }

    public async Task<Tournament?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
    }

    public async Task<int> CreateAsync(TournamentForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CheckAsync(db, form, ct);
        var t = new Tournament(form.Name, form.Description, form.Scoring, form.EventCode, form.StartsAt, form.EndsAt, form.TierIds,
            form.JoinRequired, form.PrizeRanges, clock.GetUtcNow());
        db.Tournaments.Add(t);
        audit.Record(db, actor, "tournament.created", $"tournament:{t.Name}", null, Describe(t));
        await db.SaveChangesAsync(ct);
        Changed(t.Id);
        return t.Id;
    }

    public async Task UpdateAsync(int id, TournamentForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await CheckAsync(db, form, ct);
        var t = await FindAsync(db, id, ct);
        var before = Describe(t);
        var now = clock.GetUtcNow();
        if (t.Scoring != form.Scoring || t.EventCode != NullIfBlank(form.EventCode) || t.JoinRequired != form.JoinRequired
            || !t.EligibleTierIds.SequenceEqual(form.TierIds.Distinct().Order()))
            t.SetRules(form.Scoring, form.EventCode, form.TierIds, form.JoinRequired, now);
        t.Update(form.Name, form.Description, form.StartsAt, form.EndsAt, form.PrizeRanges, now);
        audit.Record(db, actor, "tournament.updated", $"tournament:{t.Id}", before, Describe(t));
        await SaveAsync(db, ct);
        Changed(id);
    }

    public Task StartNowAsync(int id, string actor, CancellationToken ct = default) =>
        TransitionAsync(id, actor, "tournament.started", (t, now) => t.StartNow(now), ct);

    public Task EndNowAsync(int id, string actor, CancellationToken ct = default) =>
        TransitionAsync(id, actor, "tournament.ended", (t, now) => t.EndNow(now), ct);

    public async Task SetImageAsync(int id, string? fileName, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await FindAsync(db, id, ct);
        var before = t.ImageFileName;
        t.SetImage(fileName);
        audit.Record(db, actor, "tournament.image", $"tournament:{t.Id}", new { Image = before }, new { Image = fileName });
        await SaveAsync(db, ct);
    }

    /// <summary>Deletes a tournament that has not paid prizes; its scores go with it.</summary>
    public async Task DeleteAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await FindAsync(db, id, ct);
        if (t.FinalizedAt is not null)
            throw DomainException.Conflict("tournament.finalized", "A finalized tournament has paid its prizes and stays on record; it cannot be deleted.");
        audit.Record(db, actor, "tournament.deleted", $"tournament:{t.Id}", Describe(t), null);
        db.Tournaments.Remove(t);
        await SaveAsync(db, ct);
        Changed(id);
    }

    private async Task TransitionAsync(int id, string actor, string action, Action<Tournament, DateTimeOffset> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await FindAsync(db, id, ct);
        var before = Describe(t);
        change(t, clock.GetUtcNow());
        audit.Record(db, actor, action, $"tournament:{t.Id}", before, Describe(t));
        await SaveAsync(db, ct);
        Changed(id);
    }

    private void Changed(int id)
    {
        liveCache.Invalidate();
        bus.TournamentChanged(id);
    }

    private static async Task CheckAsync(LoyaltyDbContext db, TournamentForm form, CancellationToken ct)
    {
        if (form.Scoring == TournamentScoring.ActivityEvent && !string.IsNullOrWhiteSpace(form.EventCode))
        {
            var code = form.EventCode.Trim();
            if (!await db.ActivityEventTypes.AnyAsync(e => e.Code == code, ct))
                throw DomainException.Invalid("tournament.event-code", $"No activity event has the code '{code}'.", field: "eventCode");
        }
        var tierIds = form.TierIds.Distinct().ToList();
        if (tierIds.Count > 0 && await db.Tiers.CountAsync(t => tierIds.Contains(t.Id), ct) != tierIds.Count)
            throw DomainException.Invalid("tournament.tiers", "One of the chosen tiers does not exist.", field: "tiers");
        var rewardIds = form.Prizes.Where(p => p.RewardId is not null).Select(p => p.RewardId!.Value).Distinct().ToList();
        if (rewardIds.Count > 0 && await db.Rewards.CountAsync(r => rewardIds.Contains(r.Id), ct) != rewardIds.Count)
            throw DomainException.Invalid("tournament.prizes", "One of the prize rewards does not exist.", field: "prizes");
    }

    private static async Task<Tournament> FindAsync(LoyaltyDbContext db, int id, CancellationToken ct) =>
        await db.Tournaments.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("tournament.not-found", "There is no such tournament.", field: "tournamentId");

    private static async Task SaveAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("tournament.changed-meanwhile", "Someone else changed this tournament meanwhile; reload it and try again.", field: "tournament");
        }
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static object Describe(Tournament t) => new
    {
        t.Name, t.Scoring, t.EventCode, t.StartsAt, t.EndsAt, Tiers = t.EligibleTierIds, t.JoinRequired,
        Prizes = t.Prizes.Select(p => $"{p.FromRank}-{p.ToRank}: {p.BonusPoints} pts{(p.RewardId is { } r ? $" + reward {r}" : "")}"),
    };
}
