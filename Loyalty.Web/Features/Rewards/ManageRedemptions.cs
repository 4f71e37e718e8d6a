using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Audit;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Rewards;

public sealed record VoucherUse(string VoucherCode, string Reward, DateTimeOffset UsedAt);

/// <summary>Fulfilment: a voucher is used at the till, or a redemption is cancelled (points and stock come back).</summary>
public sealed class ManageRedemptions(LedgerWriter writer, ProgramTermsCache termsCache, AuditLog audit, RewardStockNotifier stock,
    Notifications.Notifier notifier, TimeProvider clock)
{
    /// <param name="caller">
    /// The API key a till sent the code with: it finds only vouchers of its owner's rewards (a partner's key its partner's,
    /// a program key the program's); another owner's voucher gets the same 404 as an unknown code. Null for an admin, who may use any.
    /// </param>
    /// <param name="idempotencyKey">Optional (the API's Idempotency-Key header): the same key again answers as the first use, not "already used".</param>
    public Task<VoucherUse> UseAsync(string voucherCode, string actor, ApiKeys.ApiCaller? caller = null, CancellationToken ct = default,
        string? idempotencyKey = null)
    {
        var code = VoucherCodes.Normalize(voucherCode);
        var key = IdempotencyKey.For(caller is null ? $"voucher.use:{actor}" : $"voucher.use:api-key:{caller.KeyId}", idempotencyKey);
        return writer.ExecuteAsync((db, token) => Idempotency.RunOnceAsync(db, key, new { code }, clock.GetUtcNow(), async () =>
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.VoucherCode == code, token);
            if (redemption is not null && caller is not null
                && await db.Rewards.Where(w => w.Id == redemption.RewardId).Select(w => w.PartnerId).SingleAsync(token) != caller.PartnerId)
                redemption = null;
            if (redemption is null) throw DomainException.NotFound("voucher.not-found", $"No voucher has the code '{voucherCode}'.", field: "code");
            // The till sent the code: a used or cancelled voucher is a refusal of that field.
            if (redemption.RefusalToUse() is { } refused) throw refused.At("code");
            redemption.MarkUsed(clock.GetUtcNow());
            audit.Record(db, actor, "voucher.used", $"voucher:{code}", new { Status = "Issued" }, new { Status = "Used" });
            await notifier.AddAsync(db, redemption.MemberId, Data.Records.NotificationKind.VoucherUsed, $"voucher:{redemption.Id}",
                new Dictionary<string, string> { ["reward"] = redemption.RewardName }, token);
            await db.SaveChangesAsync(token);
            return new VoucherUse(code, redemption.RewardName, redemption.UsedAt!.Value);
        }, token), ct);
    }

    /// <summary>
    /// The points of a cancelled redemption come back with the expiry they had when spent (one Refund entry per expiry
    /// date), so redeeming and cancelling never makes points last longer; points whose date has passed meanwhile come
    /// back already due (the caller expires them at once). Redemptions recorded before their shares were kept come
    /// back on the program's terms. A tournament's prize voucher cost no points: nothing comes back.
    /// </summary>
    private static IEnumerable<CreditRequest> Refunds(Redemption redemption, DateTimeOffset now, LotTerms programTerms)
    {
        if (redemption.Points == 0) yield break;
        var sourceRef = $"{redemption.Id}/cancel";
        if (redemption.Spent.Count == 0)
        {
            yield return new CreditRequest(redemption.Points, LedgerEntryKind.Refund, now, programTerms, LedgerSource.Redemption, sourceRef,
                LedgerReason.Of(ReasonCodes.Refund, redemption.RewardName, redemption.VoucherCode, redemption.Points));
            yield break;
        }
        foreach (var group in redemption.Spent.GroupBy(s => s.ExpiresAt).OrderBy(g => g.Key ?? DateTimeOffset.MaxValue))
        {
            var points = group.Sum(s => s.Points);
            var reason = group.Key is not { } at ? LedgerReason.Of(ReasonCodes.RefundNoExpiry, redemption.RewardName, redemption.VoucherCode, points)
                : LedgerReason.Of(at <= now ? ReasonCodes.RefundExpired : ReasonCodes.RefundKeepsExpiry, redemption.RewardName, redemption.VoucherCode, points,
                    ReasonArg.DateOf(at));
            yield return new CreditRequest(points, LedgerEntryKind.Refund, now, LotTerms.Immediate, LedgerSource.Redemption, sourceRef,
                reason) { KeepExpiresAt = group.Key };
        }
    }

    /// <summary>
    /// What cancelling a redemption (already marked cancelled) gives back, added to <paramref name="db"/>: the item to stock and
    /// the points as Refund entries (<see cref="Refunds"/>); also used when an account is erased (docs/ledger.md, "Erasure").
    /// </summary>
    internal static void GiveBack(Data.LoyaltyDbContext db, Redemption redemption, Reward reward, Domain.Members.Member member,
        DateTimeOffset now, LotTerms programTerms)
    {
        reward.PutBack();
        var account = new PointsAccount(member.Id, [], member.DebtPoints);
        // Points whose date passed while they were spent come back and expire at once, never paying off a debt.
        var lapsed = new PointsAccount(member.Id, []);
        // The points come back off the statement of the partner that funds the reward, like the spend went on it.
        foreach (var refund in Refunds(redemption, now, programTerms).Select(r => r with { SettlesWith = reward.PartnerId }))
            db.LedgerEntries.Add((refund.KeepExpiresAt is { } at && at <= now ? lapsed : account).Credit(refund));
        db.LedgerEntries.AddRange(lapsed.ExpireDue(now));
        db.PointsLots.AddRange(account.NewLots);
        db.PointsLots.AddRange(lapsed.NewLots);
        member.SetDebt(account.Debt);
        member.Touch();
    }

    /// <summary>Cancels an issued redemption: the points come back (<see cref="Refunds"/>) and the item goes back to stock. Twice changes nothing.</summary>
    public async Task<bool> CancelAsync(Guid redemptionId, string actor, string reason, CancellationToken ct = default)
    {
        var terms = await termsCache.GetAsync(ct);
        var (cancelled, rewardId, left) = await writer.ExecuteAsync(async (db, token) =>
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Id == redemptionId, token)
                             ?? throw DomainException.NotFound("redemption.not-found", "That redemption does not exist.", field: "redemptionId");
            var now = clock.GetUtcNow();
            var changed = redemption.Cancel(now);
            if (!changed) return (false, 0, (int?)null);
            var reward = await db.Rewards.SingleAsync(r => r.Id == redemption.RewardId, token);
            var member = await db.Members.SingleAsync(m => m.Id == redemption.MemberId, token);
            GiveBack(db, redemption, reward, member, now, new LotTerms(0, terms.Settings.ExpiryMonths));
            audit.Record(db, actor, "redemption.cancelled", $"voucher:{redemption.VoucherCode}", new { Status = "Issued" },
                new { Status = "Cancelled", redemption.Points }, reason);
            await db.SaveChangesAsync(token);
            return (true, reward.Id, reward.Stock);
        }, ct);
        if (cancelled && left is not null) stock.Notify(rewardId, left);
        return cancelled;
    }
}
