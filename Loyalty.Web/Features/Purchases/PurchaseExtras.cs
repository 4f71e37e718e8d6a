using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Earning;
using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Purchases;

/// <summary>
/// The campaigns and activated bonus offers one group of purchases may earn, read once per group. Campaigns and
/// activations are tracked: issuing changes their budget and uses, saved with the group (the campaign's version
/// guards its budget against other app instances; the member's version guards the activation's uses).
/// </summary>
internal sealed class PurchaseExtras
{
    public static readonly PurchaseExtras None = new([], new Dictionary<long, TargetedMember>(), []);

    private readonly IReadOnlyList<Campaign> _campaigns;
    private readonly IReadOnlyDictionary<long, TargetedMember> _members;
    private readonly Dictionary<long, List<ActivatedOffer>> _offers;

    private PurchaseExtras(IReadOnlyList<Campaign> campaigns, IReadOnlyDictionary<long, TargetedMember> members,
        Dictionary<long, List<ActivatedOffer>> offers) => (_campaigns, _members, _offers) = (campaigns, members, offers);

    public static async Task<PurchaseExtras> LoadAsync(LoyaltyDbContext db, EarningRules rules, IEnumerable<long> memberIds, CancellationToken ct)
    {
        var ids = memberIds.ToList();
        if (rules.IsEmpty || ids.Count == 0) return None;
        var campaignIds = rules.CampaignIds.ToList();
        var campaigns = campaignIds.Count == 0 ? []
            : await db.Campaigns.Where(c => campaignIds.Contains(c.Id) && c.Status == CampaignStatus.Active).OrderBy(c => c.Id).ToListAsync(ct);
        var members = campaigns.Any(c => !c.Targeting.IsEveryone) ? await MemberProfiles.LoadAsync(db, ids, ct)
            : new Dictionary<long, TargetedMember>();
        var offers = new Dictionary<long, List<ActivatedOffer>>();
        if (rules.AnyBonusOffer)
        {
            var activations = await db.OfferActivations.Where(a => ids.Contains(a.MemberId) && a.UsesLeft > 0).ToListAsync(ct);
            var offerIds = activations.Select(a => a.OfferId).Distinct().ToList();
            var byId = offerIds.Count == 0 ? []
                : await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            foreach (var activation in activations)
            {
                var offer = byId[activation.OfferId];
                if (!offer.IsBonus) continue;
                if (!offers.TryGetValue(activation.MemberId, out var list)) offers[activation.MemberId] = list = [];
                list.Add(new ActivatedOffer(offer, activation));
            }
        }
        return campaigns.Count == 0 && offers.Count == 0 ? None : new PurchaseExtras(campaigns, members, offers);
    }

    public bool IsEmpty => _campaigns.Count == 0 && _offers.Count == 0;

    /// <summary>The campaigns that reach this member (as they are now: an upgrade earlier in the group counts) and their activated offers.</summary>
    public (IReadOnlyList<Campaign> Campaigns, IReadOnlyList<ActivatedOffer> Offers) For(Member member)
    {
        IReadOnlyList<Campaign> campaigns = _campaigns.Count == 0 ? [] : _campaigns.Where(c => Reaches(c, member)).ToList();
        IReadOnlyList<ActivatedOffer> offers = _offers.TryGetValue(member.Id, out var list) ? list : [];
        return (campaigns, offers);
    }

    private bool Reaches(Campaign campaign, Member member)
    {
        // The holdout is a draw from the two ids: no read, and the same answer on every instance.
        if (campaign.IsHeldOut(member.Id)) return false;
        if (campaign.Targeting.IsEveryone) return true;
        if (!_members.TryGetValue(member.Id, out var targeted)) return false;
        return campaign.Targeting.Match(targeted.Profile with { TierId = member.TierId }, targeted.Segments) is not null;
    }
}
