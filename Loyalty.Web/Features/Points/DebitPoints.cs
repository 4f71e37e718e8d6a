using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

/// <param name="SourceRef">The caller's id for this debit (redemption id, idempotency key): the same one twice debits once.</param>
public sealed record DebitCommand(long MemberId, long Points, LedgerEntryKind Kind, LedgerSource Source, string SourceRef, LedgerReason Reason)
{
    /// <summary>The partner the debit settles with (a spend on its reward); null: the program's own.</summary>
    public int? SettlesWith { get; init; }
}

/// <param name="Shares">Which lots gave the points (none for a replay).</param>
public sealed record DebitResult(Guid EntryId, long Points, bool Replayed, IReadOnlyList<SpentShare> Shares);

/// <summary>
/// Spends a member's points, soonest-to-expire lots first, atomically: it runs in the ledger writer, and the
/// member's concurrency token stops a racing writer on another app instance from spending the same points.
/// Refused (nothing written) when points are short or the member is in debt.
/// </summary>
public sealed class DebitPoints(LedgerWriter writer, TimeProvider clock)
{
    public Task<DebitResult> HandleAsync(DebitCommand command, CancellationToken ct = default) =>
        writer.ExecuteAsync(async (db, token) =>
        {
            var result = await StageAsync(db, command, token);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);

    /// <summary>
    /// The same debit inside another ledger change (e.g. a redemption that also takes stock): staged on the caller's
    /// context, written by the caller's one SaveChanges.
    /// </summary>
    public async Task<DebitResult> StageAsync(LoyaltyDbContext db, DebitCommand command, CancellationToken ct)
    {
        var earlier = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.MemberId == command.MemberId && e.Source == command.Source && e.SourceRef == command.SourceRef && e.Kind == command.Kind)
            .Select(e => new { e.Id, e.Points }).FirstOrDefaultAsync(ct);
        if (earlier is not null)
            return -earlier.Points == command.Points
                ? new DebitResult(earlier.Id, command.Points, Replayed: true, [])
                : throw DomainException.Conflict("debit.ref-reused", $"'{command.SourceRef}' was already used to debit {-earlier.Points} points, not {command.Points}.", field: "sourceRef");

        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == command.MemberId, ct)
                     ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
        var lots = await db.PointsLots.Where(l => l.MemberId == member.Id && l.Remaining > 0 && l.ExpiredAt == null).ToListAsync(ct);
        var account = new PointsAccount(member.Id, lots, member.DebtPoints);
        var spent = account.Spend(new DebitRequest(command.Points, command.Kind, clock.GetUtcNow(), command.Source, command.SourceRef, command.Reason)
            { SettlesWith = command.SettlesWith });
        db.LedgerEntries.Add(spent.Entry);
        member.Touch();
        return new DebitResult(spent.Entry.Id, command.Points, Replayed: false, spent.Shares);
    }
}
