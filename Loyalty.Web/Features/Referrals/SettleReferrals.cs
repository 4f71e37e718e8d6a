using Loyalty.Domain.Ledger;
using Loyalty.Domain.Referrals;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Referrals;

public sealed record ReferralsSettled(int Rewarded, int CapReached, int Expired);

/// <summary>
/// Closes the open referrals whose time has come (<see cref="ReferralRule"/>): rewards both sides once the friend's first
/// qualifying purchase has left its return window, or expires the referral. Each runs in the ledger writer and touches the
/// referrer (the member's concurrency token), so conversions racing on two app instances count each other against the
/// yearly cap and a referral is closed once. Nothing happens while the programme is paused.
/// </summary>
public sealed class SettleReferrals(IDbContextFactory<LoyaltyDbContext> dbFactory, LedgerWriter writer, Notifier notifier, TimeProvider clock,
    ILogger<SettleReferrals> logger)
{
    private const int Chunk = 500;

    public async Task<ReferralsSettled> HandleAsync(CancellationToken ct = default)
    {
        int rewarded = 0, capped = 0, expired = 0;
        long after = 0;
        while (true)
        {
            List<long> open;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if ((await ManageReferralTerms.InForceAsync(db, ct)).Paused) break;
                open = await db.Referrals.Where(r => (r.State == ReferralState.Joined || r.State == ReferralState.Purchased) && r.Id > after)
                    .OrderBy(r => r.Id).Select(r => r.Id).Take(Chunk).ToListAsync(ct);
            }
            if (open.Count == 0) break;
            foreach (var id in open)
            {
                switch (await SettleAsync(id, ct))
                {
                    case ReferralState.Rewarded: rewarded++; break;
                    case ReferralState.CapReached: capped++; break;
                    case ReferralState.Expired: expired++; break;
                }
            }
            after = open[^1];
        }
        if (rewarded + capped + expired > 0)
            logger.LogInformation("Referrals: {Rewarded} rewarded, {Capped} past the referrer's yearly cap, {Expired} expired.", rewarded, capped, expired);
        return new ReferralsSettled(rewarded, capped, expired);
    }

    /// <summary>Settles one referral if its time has come; returns the state it was closed in, or null when it stays open.</summary>
    public Task<ReferralState?> SettleAsync(long referralId, CancellationToken ct = default) => writer.ExecuteAsync(async (db, token) =>
    {
        var terms = await ManageReferralTerms.InForceAsync(db, token);
        var referral = await db.Referrals.SingleAsync(r => r.Id == referralId, token);
        if (terms.Paused || !referral.IsOpen) return (ReferralState?)null;
        var program = await db.ProgramSettings.AsNoTracking().SingleAsync(token);
        var now = clock.GetUtcNow();
        var purchases = await ReferralPurchases.OfAsync(db, [referral.RefereeId], program.PendingDays, token);
        var (step, _, purchase) = ReferralRule.Next(referral, purchases[referral.RefereeId], terms.MinimumPurchase, now);
        if (step == ReferralStep.Wait) return null;
        var referrer = await db.Members.SingleAsync(m => m.Id == referral.ReferrerId, token);
        referrer.Touch(); // racing settlements of this referrer's referrals: one saves, the others re-read and count it
        if (step == ReferralStep.Expire)
        {
            referral.Expire(now);
            await db.SaveChangesAsync(token);
            return referral.State;
        }

        var referee = await db.Members.SingleAsync(m => m.Id == referral.RefereeId, token);
        var yearStart = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rewardedThisYear = await db.Referrals.CountAsync(r => r.ReferrerId == referrer.Id && r.State == ReferralState.Rewarded && r.ClosedAt >= yearStart, token);
        // A referrer whose account was erased gets nothing, as past the cap; the friend still gets their welcome bonus.
        referral.Reward(purchase!.PurchaseId, terms.ReferrerBonus, terms.RefereeBonus, rewardedThisYear >= terms.YearlyCap || referrer.IsErased, now);
        var lotTerms = new LotTerms(0, program.ExpiryMonths);
        var sourceRef = $"referral:{referral.Id}";
        if (referral.ReferrerPoints > 0)
        {
            Credit(db, referrer, referral.ReferrerPoints, now, lotTerms, sourceRef,
                LedgerReason.Of(ReasonCodes.ReferralReferrer, referee.DisplayName, referral.ReferrerPoints));
            await notifier.AddAsync(db, referrer.Id, NotificationKind.ReferralRewarded, sourceRef, new Dictionary<string, string>
            {
                ["points"] = referral.ReferrerPoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["friend"] = referee.DisplayName,
            }, token);
        }
        if (referral.RefereePoints > 0)
        {
            Credit(db, referee, referral.RefereePoints, now, lotTerms, sourceRef,
                LedgerReason.Of(ReasonCodes.ReferralReferee, referrer.DisplayName, referral.RefereePoints));
            referee.Touch();
            // The same kind as the referrer's (one preference, "referral bonuses"), told in the referee's words by its role.
            await notifier.AddAsync(db, referee.Id, NotificationKind.ReferralRewarded, $"{sourceRef}:referee", new Dictionary<string, string>
            {
                ["points"] = referral.RefereePoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["friend"] = referrer.DisplayName,
                ["role"] = NotificationText.RefereeRole,
            }, token);
        }
        await db.SaveChangesAsync(token);
        return referral.State;
    }, ct);

    private static void Credit(LoyaltyDbContext db, Domain.Members.Member member, long points, DateTimeOffset now, LotTerms terms, string sourceRef, LedgerReason reason)
    {
        var account = new PointsAccount(member.Id, [], member.DebtPoints);
        db.LedgerEntries.Add(account.Credit(new CreditRequest(points, LedgerEntryKind.Bonus, now, terms, LedgerSource.Referral, sourceRef, reason)));
        db.PointsLots.AddRange(account.NewLots);
        member.SetDebt(account.Debt);
    }
}
