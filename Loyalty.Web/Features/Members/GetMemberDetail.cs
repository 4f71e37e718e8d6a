using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

public sealed record PurchaseLine(string ExternalId, DateTimeOffset OccurredAt, string Store, decimal Amount, string Currency, long Points, decimal Refunded);

public sealed record MemberDetail(
    long Id, string MemberNumber, string DisplayName, string? Email, string HomeCity, string Tier, DateTimeOffset? TierReviewAt,
    DateTimeOffset JoinedAt, PointsBalance Balance, decimal AvailableMoney, string Currency, IReadOnlyList<PurchaseLine> RecentPurchases,
    bool Erased = false);

/// <summary>One member as an admin sees them: identity, tier, balances and recent purchases.</summary>
public sealed class GetMemberDetail(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache termsCache, TimeProvider clock)
{
    public async Task<MemberDetail?> HandleAsync(long memberId, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return null;
        var email = member.UserId is null ? null : await db.Users.Where(u => u.Id == member.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        var balance = (await db.ReadAccountAsync(member, ct)).BalanceAt(clock.GetUtcNow());
        var purchases = await (from p in db.Purchases.AsNoTracking()
                               where p.MemberId == memberId
                               join s in db.Stores on p.StoreId equals s.Id
                               orderby p.OccurredAt descending
                               select new PurchaseLine(p.ExternalId, p.OccurredAt, s.Name, p.Amount, p.Currency, p.PointsEarned, p.RefundedAmount))
            .Take(20).ToListAsync(ct);
        return new MemberDetail(member.Id, member.MemberNumber ?? "", member.DisplayName, email, member.HomeCity,
            terms.Tiers.Ladder.Single(t => t.Id == member.TierId).Name, member.TierReviewAt, member.JoinedAt, balance,
            terms.Settings.MoneyValue(balance.Available), terms.Settings.Currency, purchases, member.IsErased);
    }
}
