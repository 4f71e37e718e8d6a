using Loyalty.Domain;
using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Settlement;

/// <summary>
/// Closes a partner's oldest open month once it has ended: its entries (its own and the late ones for closed months) are
/// settled by one frozen statement at the partner's prices now. Audited. Of two admins closing at once one wins; the
/// other is refused, as the unique (partner, month) and per-entry keys let only one statement in.
/// </summary>
public sealed class CloseSettlementMonth(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<PartnerStatementSummary> HandleAsync(int partnerId, SettlementMonth month, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var position = await StatementLedger.PositionAsync(db, partnerId, ct);
        var now = clock.GetUtcNow();
        if (Domain.Partners.Settlement.RefusalToClose(month, position.OldestOpen, now) is { } refusal) throw refusal;
        var entries = await StatementLedger.OpenEntriesAsync(db, position, month, ct);
        var partner = position.Partner;
        var currency = await db.ProgramSettings.Select(p => p.Currency).SingleAsync(ct);
        var statement = new SettlementStatement(partnerId, month, entries.Select(e => e.Item).ToList(), partner.PricePerPointIssued,
            partner.PricePerPointRedeemed, currency, now, actor);
        db.SettlementStatements.Add(statement);
        var summary = PartnerStatementSummary.Of(statement);
        audit.Record(db, actor, "settlement.closed", $"partner:{partnerId}/{month}", null, summary);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone closed it (or settled one of its entries) between our read and our write.
            throw DomainException.Conflict("settlement.closed-meanwhile",
                $"The statement of {partner.Name} for {month} was closed by someone else meanwhile; reload to see it.", "month");
        }
        return summary;
    }
}

/// <summary>What a closing froze, as the audit log keeps it.</summary>
public sealed record PartnerStatementSummary(string Month, int Entries, long PointsIssued, long PointsReturned, long PointsRedeemed, long PointsRefunded,
    decimal PricePerPointIssued, decimal PricePerPointRedeemed, decimal PartnerOwes, decimal ProgramOwes, string Currency)
{
    public static PartnerStatementSummary Of(SettlementStatement s) => new(s.Month.ToString(), s.Lines.Count, s.PointsIssued, s.PointsReturned,
        s.PointsRedeemed, s.PointsRefunded, s.PricePerPointIssued, s.PricePerPointRedeemed, s.PartnerOwes, s.ProgramOwes, s.Currency);
}
