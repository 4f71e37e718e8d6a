using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

/// <param name="IdempotencyKey">Made by the page when the confirmation dialog opens: the same key twice is one redemption.</param>
/// <param name="ExpectedCost">The cost the member agreed to; if an admin changed it meanwhile, the redemption is refused.</param>
public sealed record RedeemCommand(long MemberId, int RewardId, string IdempotencyKey, long? ExpectedCost = null);

public sealed record RedeemResult(Guid RedemptionId, string VoucherCode, long Points, bool Replayed, int? StockLeft = null);

/// <summary>
/// Redeems a reward: checks who may have it, takes one from stock, debits the points and issues a voucher,
/// all in one ledger change. The stock's and the member's concurrency tokens let exactly one of two racing
/// redemptions (even on two instances) have the last item or the last points.
/// </summary>
public sealed class RedeemReward(LedgerWriter writer, DebitPoints debit, ProgramTermsCache termsCache, RewardStockNotifier stock, LoyaltyMetrics metrics,
    Notifications.Notifier notifier, TimeProvider clock)
{
    public async Task<RedeemResult> HandleAsync(RedeemCommand command, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey) || command.IdempotencyKey.Length > 100)
            throw DomainException.Invalid("redemption.idempotency-key", "A redemption needs an idempotency key of 1-100 characters.", field: "idempotencyKey");
        var terms = await termsCache.GetAsync(ct);
        var result = await writer.ExecuteAsync(async (db, token) =>
        {
            var earlier = await db.Redemptions.AsNoTracking()
                .SingleOrDefaultAsync(r => r.MemberId == command.MemberId && r.IdempotencyKey == command.IdempotencyKey, token);
            if (earlier is not null)
                return earlier.RewardId == command.RewardId
                    ? new RedeemResult(earlier.Id, earlier.VoucherCode, earlier.Points, Replayed: true)
                    : throw DomainException.Conflict("redemption.key-reused", "This idempotency key was already used for another reward.", field: "idempotencyKey");

            var reward = await db.Rewards.SingleOrDefaultAsync(r => r.Id == command.RewardId, token)
                         ?? throw DomainException.NotFound("reward.not-found", "That reward does not exist.", field: "rewardId");
            var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == command.MemberId, token)
                         ?? throw DomainException.NotFound("member.not-found", "That member does not exist.", field: "memberId");
            if (member.RefusalIfErased("memberId") is { } closed) throw closed;
            var redeemed = await db.Redemptions.CountAsync(r => r.RewardId == reward.Id && r.MemberId == member.Id
                                                               && r.Status != RedemptionStatus.Cancelled, token);
            var memberTier = terms.Tiers.Ladder.Single(t => t.Id == member.TierId);
            var minimum = reward.MinimumTierId is { } minId ? terms.Tiers.Ladder.Single(t => t.Id == minId) : null;
            var now = clock.GetUtcNow();
            if (reward.Check(now, memberTier.Threshold, minimum?.Threshold, minimum?.Name, redeemed) is { } refusal)
                throw DomainException.Conflict(refusal.Code, refusal.Message);
            if (reward.PlusOnly && reward.RefusePlusOnly(await Plus.PlusBenefits.HasAsync(db, member.Id, now, token)) is { } plusOnly) throw plusOnly;

            if (command.ExpectedCost is { } agreed && agreed != reward.CostPoints)
                throw DomainException.Conflict("redemption.cost-changed", $"The cost of {reward.Name} changed from {agreed} to {reward.CostPoints} points; check it and confirm again.", field: "cost");
            var redemption = new Redemption(reward.Id, reward.Name, member.Id, reward.CostPoints, command.IdempotencyKey, now);
            reward.TakeOne();
            db.Redemptions.Add(redemption);
            var paid = await debit.StageAsync(db, new DebitCommand(member.Id, reward.CostPoints, LedgerEntryKind.Redeem, LedgerSource.Redemption,
                redemption.Id.ToString(), LedgerReason.Of(ReasonCodes.Redeem, reward.CostPoints, reward.Name, redemption.VoucherCode))
                { SettlesWith = reward.PartnerId }, token);
            redemption.RecordSpent(paid.Shares); // a cancellation gives these back as they were
            await notifier.AddAsync(db, member.Id, Data.Records.NotificationKind.RedemptionIssued, $"redemption:{redemption.Id}",
                new Dictionary<string, string> { ["reward"] = reward.Name, ["voucher"] = redemption.VoucherCode }, token);
            await db.SaveChangesAsync(token); // points, stock, voucher and what paid for it, together
            return new RedeemResult(redemption.Id, redemption.VoucherCode, redemption.Points, Replayed: false, reward.Stock);
        }, ct);
        if (!result.Replayed) metrics.RewardRedeemed();
        if (!result.Replayed && result.StockLeft is not null) stock.Notify(command.RewardId, result.StockLeft);
        return result;
    }
}
