using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Settlement;

/// <summary>A settling ledger entry as a statement shows it: the domain's item and the member's number (nothing else about them).</summary>
internal sealed record StatementEntry(SettlementItem Item, string MemberNumber);

/// <summary>Where a partner's settlement stands: its last closed month and its oldest open one.</summary>
internal sealed record SettlementPosition(Partner Partner, SettlementMonth? LastClosed, SettlementMonth OldestOpen);

/// <summary>The queries every settlement use case shares, so the month-assignment rule is read from the ledger one way.</summary>
internal static class StatementLedger
{
    public static async Task<SettlementPosition> PositionAsync(LoyaltyDbContext db, int partnerId, CancellationToken ct) =>
        await FindPositionAsync(db, partnerId, ct) ?? throw PartnerRefusals.NotFound("partnerId");

    /// <summary>Null when the partner does not exist.</summary>
    public static async Task<SettlementPosition?> FindPositionAsync(LoyaltyDbContext db, int partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null) return null;
        var closed = await db.SettlementStatements.Where(s => s.PartnerId == partnerId).OrderByDescending(s => s.Month).Select(s => s.Month)
            .Take(1).ToListAsync(ct);
        SettlementMonth? lastClosed = closed.Count == 0 ? null : closed[0];
        var first = lastClosed is null
            ? await Unassigned(db, partnerId).OrderBy(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefaultAsync(ct)
            : null;
        return new SettlementPosition(partner, lastClosed, Domain.Partners.Settlement.OldestOpen(lastClosed, SettlementMonth.Of(partner.CreatedAt), first));
    }

    /// <summary>The not-yet-settled entries that land on the open month <paramref name="month"/>.</summary>
    public static async Task<List<StatementEntry>> OpenEntriesAsync(LoyaltyDbContext db, SettlementPosition position, SettlementMonth month,
        CancellationToken ct)
    {
        // The oldest open month takes every unsettled entry before its end (its own and the late ones); a later one only its own.
        var from = month == position.OldestOpen ? DateTimeOffset.MinValue : month.Start;
        var end = month.End;
        return await Read(db, Unassigned(db, position.Partner.Id).Where(e => e.OccurredAt >= from && e.OccurredAt < end), ct);
    }

    public static Task<List<StatementEntry>> ClosedEntriesAsync(LoyaltyDbContext db, int statementId, CancellationToken ct) =>
        Read(db, db.LedgerEntries.Where(e => db.SettlementLines.Any(l => l.LedgerEntryId == e.Id && l.StatementId == statementId)), ct);

    private static IQueryable<Domain.Ledger.LedgerEntry> Unassigned(LoyaltyDbContext db, int partnerId) =>
        db.LedgerEntries.Where(e => e.PartnerId == partnerId && !db.SettlementLines.Any(l => l.LedgerEntryId == e.Id));

    private static async Task<List<StatementEntry>> Read(LoyaltyDbContext db, IQueryable<Domain.Ledger.LedgerEntry> entries, CancellationToken ct)
    {
        var rows = await entries.Join(db.Members, e => e.MemberId, m => m.Id,
                (e, m) => new { e.Id, e.MemberId, m.MemberNumber, e.Kind, e.Points, e.OccurredAt })
            .AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id)
            .Select(r => new StatementEntry(new SettlementItem(r.Id, r.MemberId, r.Kind, r.Points, r.OccurredAt), r.MemberNumber ?? "")).ToList();
    }
}
