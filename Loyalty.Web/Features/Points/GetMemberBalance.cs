using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

public sealed record MemberBalance(
    string MemberNumber,
    string Tier,
    long Available,
    long Pending,
    long ExpiringSoon,
    DateTimeOffset? NextExpiry,
    long Lifetime,
    long Debt,
    decimal AvailableMoney,
    string Currency);

/// <summary>A member's balance right now, computed from their open lots (and so from the ledger).</summary>
public sealed class GetMemberBalance(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache termsCache, TimeProvider clock)
{
    public async Task<MemberBalance?> HandleAsync(string memberNumber, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.MemberNumber == memberNumber, ct);
        if (member is null) return null;
        var balance = (await db.ReadAccountAsync(member, ct)).BalanceAt(clock.GetUtcNow());
        return new MemberBalance(member.MemberNumber!, terms.Tiers.Ladder.Single(t => t.Id == member.TierId).Name,
            balance.Available, balance.Pending, balance.ExpiringSoon, balance.NextExpiryDate, balance.Lifetime, balance.Debt,
            terms.Settings.MoneyValue(balance.Available), terms.Settings.Currency);
    }
}
