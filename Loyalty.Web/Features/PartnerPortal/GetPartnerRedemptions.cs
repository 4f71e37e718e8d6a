using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.PartnerPortal;

/// <summary>One redemption of a partner's reward as the partner may see it: the member only by number, as at a till.</summary>
public sealed record PartnerRedemptionRow(DateTimeOffset IssuedAt, string Reward, long Points, RedemptionStatus Status, string? MemberNumber);

/// <summary>One activation of a partner's offer: the member only by number.</summary>
public sealed record PartnerActivationRow(DateTimeOffset ActivatedAt, string Offer, int UsesLeft, string? MemberNumber);

public sealed record PartnerRedemptions(IReadOnlyList<PartnerRedemptionRow> Redemptions, IReadOnlyList<PartnerActivationRow> Activations);

/// <summary>
/// The latest redemptions of a partner's rewards and activations of its offers. No member's name, e-mail or anything else
/// personal leaves here: the member number is what a till needs.
/// </summary>
public sealed class GetPartnerRedemptions(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public const int Latest = 200;

    public async Task<PartnerRedemptions> HandleAsync(int partnerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var redemptions = await (
                from r in db.Redemptions
                join w in db.Rewards on r.RewardId equals w.Id
                where w.PartnerId == partnerId
                orderby r.IssuedAt descending
                select new PartnerRedemptionRow(r.IssuedAt, r.RewardName, r.Points, r.Status,
                    db.Members.Where(m => m.Id == r.MemberId).Select(m => m.MemberNumber).FirstOrDefault()))
            .Take(Latest).ToListAsync(ct);
        var activations = await (
                from a in db.OfferActivations
                join o in db.Offers on a.OfferId equals o.Id
                where o.PartnerId == partnerId
                orderby a.ActivatedAt descending
                select new PartnerActivationRow(a.ActivatedAt, o.Title, a.UsesLeft,
                    db.Members.Where(m => m.Id == a.MemberId).Select(m => m.MemberNumber).FirstOrDefault()))
            .Take(Latest).ToListAsync(ct);
        return new PartnerRedemptions(redemptions, activations);
    }
}
