using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

public sealed record VoucherUse(string VoucherCode, string Reward, DateTimeOffset UsedAt);

/// <summary>Fulfilment: a voucher is used at the till, or a redemption is cancelled (points and stock come back).</summary>
public sealed class ManageRedemptions(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, RewardStockNotifier stock, TimeProvider clock)
{
    public Task<VoucherUse> UseAsync(string voucherCode, string actor, CancellationToken ct = default)
    {
        var code = VoucherCodes.Normalize(voucherCode);
        return writer.ExecuteAsync(async (db, token) =>
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.VoucherCode == code, token)
                             ?? throw RefusedException.NotFound("code", $"No voucher has the code '{voucherCode}'.");
            try
            {
                redemption.MarkUsed(clock.GetUtcNow());
            }
            catch (DomainException e)
            {
                throw RefusedException.Conflict("code", e.Message);
            }
            audit.Record(db, actor, "voucher.used", $"voucher:{code}", new { Status = "Issued" }, new { Status = "Used" });
            await db.SaveChangesAsync(token);
            return new VoucherUse(code, redemption.RewardName, redemption.UsedAt!.Value);
        }, ct);
    }

    /// <summary>Cancels an issued redemption: the points come back as a new Refund entry and the item goes back to stock. Twice changes nothing.</summary>
    public async Task<bool> CancelAsync(Guid redemptionId, string actor, string reason, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        var (cancelled, rewardId, left) = await writer.ExecuteAsync(async (db, token) =>
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Id == redemptionId, token)
                             ?? throw RefusedException.NotFound("redemptionId", "That redemption does not exist.");
            var now = clock.GetUtcNow();
            bool changed;
            try
            {
                changed = redemption.Cancel(now);
            }
            catch (DomainException e)
            {
                throw RefusedException.Conflict("redemptionId", e.Message);
            }
            if (!changed) return (false, 0, (int?)null);
            var reward = await db.Rewards.SingleAsync(r => r.Id == redemption.RewardId, token);
            reward.PutBack();
            var member = await db.Members.SingleAsync(m => m.Id == redemption.MemberId, token);
            var account = new PointsAccount(member.Id, [], member.DebtPoints);
            db.LedgerEntries.Add(account.Credit(new CreditRequest(redemption.Points, LedgerEntryKind.Refund, now,
                new LotTerms(0, terms.Settings.ExpiryMonths), LedgerSource.Redemption, $"{redemption.Id}/cancel",
                $"Redemption of {redemption.RewardName} cancelled (voucher {redemption.VoucherCode}): {redemption.Points} pts back")));
            db.PointsLots.AddRange(account.NewLots);
            member.SetDebt(account.Debt);
            member.Touch();
            audit.Record(db, actor, "redemption.cancelled", $"voucher:{redemption.VoucherCode}", new { Status = "Issued" },
                new { Status = "Cancelled", redemption.Points }, reason);
            await db.SaveChangesAsync(token);
            return (true, reward.Id, reward.Stock);
        }, ct);
        if (cancelled && left is not null) stock.Notify(rewardId, left);
        return cancelled;
    }
}
