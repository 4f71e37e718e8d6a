using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

/// <summary>One reward as one member sees it.</summary>
/// <param name="Blocked">Why the member cannot redeem it now apart from the stock and a debt (tier, limit, dates), or null.</param>
/// <param name="PointsToGo">0 when the member can afford it.</param>
/// <param name="AvailableUntil">The end of availability (exclusive), as the reward stores it.</param>
/// <param name="Partner">The partner that funds it ("at Cinema City"), or null for the program's own.</param>
public sealed record CatalogItem(int Id, string Name, string Description, string? ImagePath, RewardCategory Category, long CostPoints,
    decimal CostMoney, int? Stock, RewardBlock? Blocked, long PointsToGo,
    DateTimeOffset? AvailableFrom = null, DateTimeOffset? AvailableUntil = null, string? MinimumTier = null, int? PerMemberLimit = null,
    int Redeemed = 0, long Debt = 0, string? Partner = null)
{
    /// <summary>
    /// Why the member cannot redeem it now, or null: the reward's own rules first, then the stock, then a debt. The stock is
    /// read live, so a restock clears an out-of-stock and nothing else.
    /// </summary>
    public RewardBlock? Unavailable => Blocked ?? (Stock is 0 ? RewardBlock.OutOfStock : Debt > 0 ? RewardBlock.Debt : null);
}

public sealed record MemberCatalog(long Available, string Currency, IReadOnlyList<CatalogItem> Items)
{
    /// <summary>The same catalog after a reward's stock changed (an open page hears it from <see cref="RewardStockNotifier"/>).</summary>
    public MemberCatalog WithStock(int rewardId, int? stock) =>
        this with { Items = Items.Select(i => i.Id == rewardId ? i with { Stock = stock } : i).ToList() };
}

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
        var hasPlus = rewards.Any(r => r.PlusOnly) && await Plus.PlusBenefits.HasAsync(db, memberId, now, ct);
        var items = rewards.Select(r =>
        {
            var minimum = r.MinimumTierId is { } id ? terms.Tiers.Ladder.Single(t => t.Id == id) : null;
            var redeemed = mine.GetValueOrDefault(r.Id);
            var refusal = r.Check(now, tier.Threshold, minimum?.Threshold, minimum?.Name, redeemed, countStock: false);
            return new CatalogItem(r.Id, r.Name, r.Description, r.ImagePath, r.Category, r.CostPoints, terms.Settings.MoneyValue(r.CostPoints),
                r.Stock, refusal?.Reason ?? (r.PlusOnly && !hasPlus ? RewardBlock.PlusOnly : null), Math.Max(0, r.CostPoints - available), r.AvailableFrom, r.AvailableUntil, minimum?.Name, r.PerMemberLimit,
                redeemed, member.DebtPoints, r.PartnerId is { } partner ? terms.PartnersById.GetValueOrDefault(partner)?.Name : null);
        }).OrderBy(i => i.CostPoints).ToList();
        return new MemberCatalog(available, terms.Settings.Currency, items);
    }
}
