using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// Puts a member's current public name (<see cref="PublicName"/>: their display name once they opted in, otherwise the
/// program's pseudonym) on every live board of every instance at once, through the <see cref="IScoreBus"/>. Call it after
/// the change is committed: a consent given or withdrawn, an account erased, a display name changed.
/// </summary>
public sealed class RefreshPublicName(IDbContextFactory<LoyaltyDbContext> dbFactory, IScoreBus bus, TimeProvider clock)
{
    private const int Chunk = 500;

    public async Task RunAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var style = await StyleAsync(db, ct);
        var names = await NamesAsync(db.Members.Where(m => m.Id == memberId), style, ct);
        if (names.Count > 0) bus.Renamed(names);
    }

    /// <summary>
    /// The program's style changed: everyone on a board that may still be in memory (tournaments that ended within the
    /// members' results window) who has not opted in gets the new pseudonym.
    /// </summary>
    public async Task RunForStyleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var style = await StyleAsync(db, ct);
        var since = clock.GetUtcNow() - MemberTournaments.ResultsShownFor;
        var tournaments = db.Tournaments.Where(t => t.EndsAt > since).Select(t => t.Id);
        var members = await db.TournamentEntries.Where(e => tournaments.Contains(e.TournamentId)).Select(e => e.MemberId).Distinct()
            .ToListAsync(ct);
        foreach (var chunk in members.Chunk(Chunk))
        {
            var names = await NamesAsync(db.Members.Where(m => chunk.Contains(m.Id) && !m.PublicNameConsent), style, ct);
            if (names.Count > 0) bus.Renamed(names);
        }
    }

    /// <summary>How the program shows members who have not opted in (read in the caller's context, so in its transaction).</summary>
    internal static Task<PublicNameStyle> StyleAsync(LoyaltyDbContext db, CancellationToken ct) =>
        db.ProgramSettings.AsNoTracking().Select(s => s.PublicNameStyle).SingleAsync(ct);

    private static async Task<List<PublicNameChange>> NamesAsync(IQueryable<Member> members, PublicNameStyle style, CancellationToken ct) =>
        (await members.AsNoTracking().Select(m => new { m.Id, m.DisplayName, m.MemberNumber, m.PublicNameConsent }).ToListAsync(ct))
        .ConvertAll(m => new PublicNameChange(m.Id, PublicName.Of(m.PublicNameConsent, m.DisplayName, m.MemberNumber, m.Id, style)));
}
