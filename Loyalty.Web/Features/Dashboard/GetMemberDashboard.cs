using Loyalty.Domain.Ledger;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Dashboard;

/// <summary>Builds the dashboard for the signed-in user's member, from the lots and the ledger.</summary>
public sealed class GetMemberDashboard(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const int RecentCount = 8;

    public async Task<MemberDashboard?> HandleAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.UserId == userId, ct);
        if (member is null) return null;
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var policy = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync(ct));
        var recent = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.MemberId == member.Id)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Take(RecentCount)
            .Select(e => new LedgerLine(e.Id, e.OccurredAt, e.Kind, e.Points, e.Reason))
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        var account = await db.ReadAccountAsync(member, ct);
        var balance = account.BalanceAt(now);
        var tier = policy.Ladder.Single(t => t.Id == member.TierId);
        var progress = policy.Progress(tier, account.QualifyingPoints(now, program.TierWindowMonths));
        return new MemberDashboard(member.DisplayName, member.MemberNumber ?? "", program.Currency, balance,
            program.MoneyValue(balance.Available), progress, recent, member.TierReviewAt);
    }
}
