using Loyalty.Domain.Partners;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Settlement;

/// <param name="Balance">For a closed month, what it settled (positive: the partner paid); null for an open one.</param>
public sealed record StatementMonthRow(SettlementMonth Month, bool IsClosed, decimal? Balance);

public sealed record StatementMonthPage(IReadOnlyList<StatementMonthRow> Rows, int Total);

/// <summary>
/// A partner's months, newest first: every open month from the oldest open one to this month (an empty one still has to be
/// closed before the next), then the closed ones.
/// </summary>
public sealed class ListStatementMonths(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<StatementMonthPage> HandleAsync(int partnerId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var position = await StatementLedger.PositionAsync(db, partnerId, ct);
        var open = new List<StatementMonthRow>();
        for (var month = SettlementMonth.Of(clock.GetUtcNow()); month >= position.OldestOpen; month = SettlementMonth.Of(month.Start.AddDays(-1)))
            open.Add(new StatementMonthRow(month, false, null));
        var closed = await db.SettlementStatements.AsNoTracking().Where(s => s.PartnerId == partnerId).OrderByDescending(s => s.Month)
            .Select(s => new StatementMonthRow(s.Month, true, s.PartnerOwes - s.ProgramOwes)).ToListAsync(ct);
        var all = open.Concat(closed).ToList();
        return new StatementMonthPage(all.Skip(page * pageSize).Take(pageSize).ToList(), all.Count);
    }
}
