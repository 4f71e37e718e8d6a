using Loyalty.Domain.Partners;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Features.Partners;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Settlement;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>A fresh partner with one store and one reward it funds, and the use cases that make its settling entries.</summary>
public sealed record SettlementPartner(int Id, string Name, string StoreCode, int RewardId);

public static class SettlementWorld
{
    public const long RewardCost = 100;

    public static async Task<SettlementPartner> PartnerAsync(LoyaltyAppFactory app, decimal priceIssued = 0.01m, decimal priceRedeemed = 0.008m)
    {
        var code = $"s-{Guid.NewGuid():N}"[..12];
        var store = await app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = code, Name = "Partner Counter", City = "Riga", Latitude = 56.95, Longitude = 24.1 }, "admin@test");
        var partner = await app.Services.GetRequiredService<SavePartner>().HandleAsync(new PartnerForm
        {
            Name = $"Partner {Guid.NewGuid():N}"[..20], ContactName = "Laura", ContactEmail = "laura@partner.example", PointsPerUnit = 2m,
            PricePerPointIssued = priceIssued, PricePerPointRedeemed = priceRedeemed, StoreIds = [store.Id],
        }, "admin@test");
        var rewardId = await app.WithDbAsync(async db =>
        {
            var reward = new Reward("Partner ticket", "One ticket", RewardCategory.PartnerReward, RewardCost, null, null, null, null, null);
            reward.FundedBy(partner.Id);
            db.Rewards.Add(reward);
            await db.SaveChangesAsync();
            return reward.Id;
        });
        return new SettlementPartner(partner.Id, partner.Name, code, rewardId);
    }

    /// <summary>A purchase at the partner's store entered by the program (any store), at <paramref name="at"/>: 2 pts per EUR.</summary>
    public static async Task<string> BuyAsync(LoyaltyAppFactory app, string memberNumber, SettlementPartner partner, decimal amount, DateTimeOffset at)
    {
        var id = $"pos-{Guid.NewGuid():N}";
        await app.Services.GetRequiredService<RecordPurchase>().HandleAsync(new PurchaseCommand(id, memberNumber, amount, "EUR", partner.StoreCode, at,
            [new PurchaseItem("sku-1", "groceries", 1, amount)]));
        return id;
    }

    public static Task ReturnAsync(LoyaltyAppFactory app, string purchaseId, decimal amount, DateTimeOffset? at = null) =>
        app.Services.GetRequiredService<RecordReturn>().HandleAsync(new ReturnCommand(purchaseId, $"r-{Guid.NewGuid():N}", amount, at));

    public static async Task<Guid> RedeemAsync(LoyaltyAppFactory app, long memberId, SettlementPartner partner) =>
        (await app.Services.GetRequiredService<RedeemReward>().HandleAsync(new RedeemCommand(memberId, partner.RewardId, Guid.NewGuid().ToString()))).RedemptionId;

    public static Task CancelAsync(LoyaltyAppFactory app, Guid redemptionId) =>
        app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(redemptionId, "admin@test", "test");

    public static Task<PartnerStatementSummary> CloseAsync(LoyaltyAppFactory app, SettlementPartner partner, SettlementMonth month, string actor = "admin@test") =>
        app.Services.GetRequiredService<CloseSettlementMonth>().HandleAsync(partner.Id, month, actor);

    public static Task<PartnerStatement> StatementAsync(LoyaltyAppFactory app, SettlementPartner partner, SettlementMonth month) =>
        app.Services.GetRequiredService<GetPartnerStatement>().HandleAsync(partner.Id, month);

    /// <summary>The ledger's own sums of the partner's settling entries: issued, returned, redeemed, refunded (all positive).</summary>
    public static Task<SettlementPoints> LedgerSumsAsync(LoyaltyAppFactory app, int partnerId) => app.WithDbAsync(async db =>
    {
        var sums = await db.LedgerEntries.Where(e => e.PartnerId == partnerId).GroupBy(e => e.Kind)
            .Select(g => new { g.Key, Points = g.Sum(e => e.Points) }).ToDictionaryAsync(g => g.Key, g => g.Points);
        long Of(Loyalty.Domain.Ledger.LedgerEntryKind kind) => sums.GetValueOrDefault(kind);
        return new SettlementPoints(Of(Loyalty.Domain.Ledger.LedgerEntryKind.Earn), -Of(Loyalty.Domain.Ledger.LedgerEntryKind.Reverse),
            -Of(Loyalty.Domain.Ledger.LedgerEntryKind.Redeem), Of(Loyalty.Domain.Ledger.LedgerEntryKind.Refund));
    });
}
