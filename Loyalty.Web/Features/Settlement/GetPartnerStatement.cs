using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Settlement;

/// <param name="CorrectionFor">The closed month the entry belongs to when it arrived late; null for the statement's own month.</param>
public sealed record StatementLine(Guid EntryId, DateTimeOffset OccurredAt, string MemberNumber, LedgerEntryKind Kind, long Points, SettlementMonth? CorrectionFor);

/// <summary>A partner's statement for one month: frozen when <see cref="ClosedAt"/> is set, else computed from the ledger now.</summary>
/// <param name="CanClose">An open month that is the oldest open one and has ended.</param>
public sealed record PartnerStatement(
    int PartnerId,
    string PartnerName,
    SettlementMonth Month,
    SettlementTotals Totals,
    string Currency,
    IReadOnlyList<StatementLine> Lines,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    bool CanClose)
{
    public bool IsClosed => ClosedAt is not null;
}

/// <summary>
/// Reads a partner's statement: a closed month from its frozen rows (the prices in force when it closed), an open month
/// from the entries not yet settled that land on it (docs/ledger.md, "Settlement").
/// </summary>
public sealed class GetPartnerStatement(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<PartnerStatement> HandleAsync(int partnerId, SettlementMonth month, CancellationToken ct = default) =>
        await FindAsync(partnerId, month, ct)
        ?? throw DomainException.NotFound("settlement.no-statement", $"There is no statement of partner {partnerId} for {month}.", "month");

    /// <summary>Null for an unknown partner, or a month before its first statement.</summary>
    public async Task<PartnerStatement?> FindAsync(int partnerId, SettlementMonth month, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await StatementLedger.FindPositionAsync(db, partnerId, ct) is not { } position) return null;
        var partner = position.Partner;
        if (month < position.OldestOpen)
        {
            var statement = await db.SettlementStatements.AsNoTracking().SingleOrDefaultAsync(s => s.PartnerId == partnerId && s.Month == month, ct);
            if (statement is null) return null;
            var settled = await StatementLedger.ClosedEntriesAsync(db, statement.Id, ct);
            return Of(partner, month, settled, statement.PricePerPointIssued, statement.PricePerPointRedeemed, statement.Currency,
                statement.ClosedAt, statement.ClosedBy, canClose: false);
        }
        var entries = await StatementLedger.OpenEntriesAsync(db, position, month, ct);
        var currency = await db.ProgramSettings.Select(p => p.Currency).SingleAsync(ct);
        var canClose = Domain.Partners.Settlement.RefusalToClose(month, position.OldestOpen, clock.GetUtcNow()) is null;
        return Of(partner, month, entries, partner.PricePerPointIssued, partner.PricePerPointRedeemed, currency, null, null, canClose);
    }

    private static PartnerStatement Of(Partner partner, SettlementMonth month, List<StatementEntry> entries, decimal priceIssued, decimal priceRedeemed,
        string currency, DateTimeOffset? closedAt, string? closedBy, bool canClose)
    {
        var totals = Domain.Partners.Settlement.Totals(month, entries.Select(e => e.Item).ToList(), priceIssued, priceRedeemed);
        var lines = entries.Select(e => new StatementLine(e.Item.EntryId, e.Item.OccurredAt, e.MemberNumber, e.Item.Kind, e.Item.Points,
            e.Item.OwnMonth == month ? null : e.Item.OwnMonth)).ToList();
        return new PartnerStatement(partner.Id, partner.Name, month, totals, currency, lines, closedAt, closedBy, canClose);
    }
}
