using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

/// <param name="Points">Signed: a credit adds a lot available at once; a debit spends like any other.</param>
/// <param name="IdempotencyKey">Made by the form when it opens: the same key again answers as the first time and adjusts nothing.</param>
public sealed record AdjustPointsCommand(long MemberId, long Points, string Reason, string Actor, string? IdempotencyKey = null);

/// <param name="EntryId">The ledger entry the adjustment wrote.</param>
/// <param name="Available">The member's available points right after it.</param>
public sealed record PointsAdjusted(Guid EntryId, long Available);

/// <summary>An admin's manual correction of a member's points: a new ledger entry with the reason, audited.</summary>
public sealed class AdjustPoints(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, TimeProvider clock)
{
    public const int MinReasonLength = 5;
    public const long MaxPoints = 10_000_000;

    public async Task<PointsAdjusted> HandleAsync(AdjustPointsCommand command, CancellationToken ct = default)
    {
        var reason = (command.Reason ?? "").Trim();
        if (reason.Length is < MinReasonLength or > 300)
            throw DomainException.Invalid("adjustment.reason", $"Say why, in {MinReasonLength}-300 characters; the member sees it in their history.", field: "reason");
        if (command.Points is 0 or > MaxPoints or < -MaxPoints)
            throw DomainException.Invalid("adjustment.points", $"Enter a number of points other than 0, at most {MaxPoints:N0} either way.", field: "points");
        var terms = await termsCache.GetAsync(ct);
        var key = Features.IdempotencyKey.For($"points.adjust:{command.Actor}", command.IdempotencyKey);
        return await writer.ExecuteAsync((db, token) => Idempotency.RunOnceAsync(db, key, new { command.MemberId, command.Points, reason },
            clock.GetUtcNow(), () => ApplyAsync(db, command, reason, terms, token), token), ct);
    }

    private async Task<PointsAdjusted> ApplyAsync(LoyaltyDbContext db, AdjustPointsCommand command, string reason, ProgramTerms terms, CancellationToken token)
    {
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == command.MemberId, token)
                     ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
        if (member.RefusalIfErased("memberId") is { } closed) throw closed;
        var lots = await db.PointsLots.Where(l => l.MemberId == member.Id && l.Remaining > 0 && l.ExpiredAt == null).ToListAsync(token);
        var account = new PointsAccount(member.Id, lots, member.DebtPoints);
        var now = clock.GetUtcNow();
        var before = account.BalanceAt(now);
        var text = LedgerReason.Of(ReasonCodes.Adjust, command.Actor, reason);
        var entry = command.Points > 0
            ? account.Credit(new CreditRequest(command.Points, LedgerEntryKind.Adjust, now, new LotTerms(0, terms.Settings.ExpiryMonths),
                LedgerSource.Admin, null, text))
            : account.Debit(new DebitRequest(-command.Points, LedgerEntryKind.Adjust, now, LedgerSource.Admin, null, text));
        db.LedgerEntries.Add(entry);
        db.PointsLots.AddRange(account.NewLots);
        member.SetDebt(account.Debt);
        member.Touch();
        var after = account.BalanceAt(now);
        audit.Record(db, command.Actor, "points.adjusted", $"member:{member.MemberNumber}",
            new { before.Available, before.Pending, before.Debt }, new { after.Available, after.Pending, after.Debt, Points = command.Points }, reason);
        await db.SaveChangesAsync(token);
        return new PointsAdjusted(entry.Id, after.Available);
    }
}
