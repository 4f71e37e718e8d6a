using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

/// <param name="Unavailable">Why the member cannot redeem it now (tier, stock, limit, window, debt), or null.</param>
/// <param name="PointsToGo">0 when the member can afford it.</param>
public sealed record CatalogItem(int Id, string Name, string Description, string? ImagePath, RewardCategory Category, long CostPoints,
    decimal CostMoney, int? Stock, string? Unavailable, long PointsToGo);

public sealed record MemberCatalog(long Available, string Currency, IReadOnlyList<CatalogItem> Items);

/// <summary>The catalog as one member sees it: what they can afford, how far they are from the rest, and why some are out of reach.</summary>
public sealed class GetMemberCatalog(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache termsCache, TimeProvider clock)
{
    public async Task<MemberCatalog> HandleAsync(long memberId, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
        var now = clock.GetUtcNow();
        var available = (await db.ReadAccountAsync(member, ct)).BalanceAt(now).Available;
        var rewards = await db.Rewards.AsNoTracking().Where(r => r.RetiredAt == null).ToListAsync(ct);
        var mine = await db.Redemptions.Where(r => r.MemberId == memberId && r.Status != RedemptionStatus.Cancelled)
            .GroupBy(r => r.RewardId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var tier = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
        var items = rewards.Select(r =>
        {
            var minimum = r.MinimumTierId is { } id ? terms.Tiers.Ladder.Single(t => t.Id == id) : null;
            var refusal = r.Check(now, tier.Threshold, minimum?.Threshold, minimum?.Name, mine.GetValueOrDefault(r.Id));
            var why = refusal?.Message ?? (member.DebtPoints > 0 ? $"You owe {member.DebtPoints} points from a return; new earnings pay it back first." : null);
            return new CatalogItem(r.Id, r.Name, r.Description, r.ImagePath, r.Category, r.CostPoints, terms.Settings.MoneyValue(r.CostPoints),
                r.Stock, why, Math.Max(0, r.CostPoints - available));
        }).OrderBy(i => i.CostPoints).ToList();
        return new MemberCatalog(available, terms.Settings.Currency, items);
    }
}
