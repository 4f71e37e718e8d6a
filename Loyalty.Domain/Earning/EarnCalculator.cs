using Loyalty.Domain.Ledger;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Purchases;
using Loyalty.Domain.Tiers;

namespace Loyalty.Domain.Earning;

/// <summary>
/// Points for a purchase: amount × base rate × tier multiplier (× Plus multiplier for a member with Plus), plus for items in a
/// category with a multiplier m the extra (item total × base × tier × Plus × (m − 1)); rounded down once, at the end.
/// The ledger reason spells out the same arithmetic.
/// </summary>
public static class EarnCalculator
{
    public static EarnResult ForPurchase(decimal amount, string currency, string storeName, decimal basePointsPerUnit, Tier tier,
        IReadOnlyCollection<PurchaseItem>? items = null, IReadOnlyDictionary<string, decimal>? categoryMultipliers = null, decimal plusMultiplier = 1m)
    {
        if (amount <= 0) throw DomainException.Invalid("purchase.amount", $"The amount must be above 0, not {amount}.", field: "amount");
        if (plusMultiplier < 1m) throw DomainException.Invalid("plus.plan-multiplier", $"The Plus multiplier must be at least 1, not {plusMultiplier}.");
        var plus = plusMultiplier != 1m;
        var exact = amount * basePointsPerUnit * tier.Multiplier * plusMultiplier;
        var terms = new List<LedgerReason>
        {
            plus
                ? LedgerReason.Of(ReasonCodes.EarnBasePlus, ReasonArg.Of(amount), ReasonArg.Of(basePointsPerUnit), tier.Name, ReasonArg.Of(tier.Multiplier), ReasonArg.Of(plusMultiplier))
                : LedgerReason.Of(ReasonCodes.EarnBase, ReasonArg.Of(amount), ReasonArg.Of(basePointsPerUnit), tier.Name, ReasonArg.Of(tier.Multiplier)),
        };
        if (items is { Count: > 0 } && categoryMultipliers is { Count: > 0 })
        {
            foreach (var group in items.GroupBy(i => i.Category, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (!categoryMultipliers.TryGetValue(group.Key, out var m) || m == 1m) continue;
                var total = group.Sum(i => i.Total);
                exact += total * basePointsPerUnit * tier.Multiplier * plusMultiplier * (m - 1);
                terms.Add(plus
                    ? LedgerReason.Of(ReasonCodes.EarnCategoryPlus, group.Key, ReasonArg.Of(total), ReasonArg.Of(basePointsPerUnit), ReasonArg.Of(tier.Multiplier),
                        ReasonArg.Of(plusMultiplier), ReasonArg.Of(m))
                    : LedgerReason.Of(ReasonCodes.EarnCategory, group.Key, ReasonArg.Of(total), ReasonArg.Of(basePointsPerUnit), ReasonArg.Of(tier.Multiplier),
                        ReasonArg.Of(m)));
            }
        }
        var points = Math.Max(0, (long)Math.Floor(exact));
        var reason = LedgerReason.Of(ReasonCodes.Purchase, new ReasonArg.Money(amount, currency), storeName, points).With(terms);
        return new EarnResult(points, reason);
    }

    /// <summary>How base points, campaigns and activated bonus offers combine; shown to admins in the settings.</summary>
    public const string CombinationRule =
        "1. Base: amount × base rate × tier multiplier × Plus multiplier (for a member with Plus benefits; 1 otherwise), plus category " +
        "extras (item total × base rate × tier × Plus × (category multiplier − 1)), rounded down once. " +
        "2. Campaigns running at the purchase's time, day (UTC) and store that target the member: each adds " +
        "floor(qualifying sales × base rate × tier multiplier × (campaign multiplier − 1)), where qualifying sales are the items " +
        "of the campaign's category or the whole amount; a campaign never issues more than its remaining budget. " +
        "With 'Add' every such campaign adds its extra, in order of creation; with 'Best' only the one that grants the most " +
        "(after its budget cap; on a tie the oldest). " +
        "3. Each activated bonus offer the purchase qualifies for adds its points (a multiplier as in 2, fixed bonus points as set) " +
        "and uses up one of its uses, in order of the offers' creation. " +
        "Total = base + campaigns + offers. The Plus multiplier applies to the base and category extras only: campaigns and bonus " +
        "offers are computed from base rate × tier without it, so a campaign's budget is spent the same for every member.";

    /// <summary>
    /// Points for a purchase with the campaigns and bonus offers that apply to it:
    /// <list type="number">
    /// <item>Base: amount × base rate × tier multiplier + category extras (as <see cref="ForPurchase(decimal, string, string, decimal, Tier, IReadOnlyCollection{PurchaseItem}?, IReadOnlyDictionary{string, decimal}?, decimal)"/>, with <see cref="PurchaseEarnInput.PlusMultiplier"/>), floored.</item>
    /// <item>Each campaign that <see cref="Campaign.AppliesTo"/> the store and time: extra = floor(qualifying sales × base × tier × (m − 1)),
    /// granted = <see cref="Campaign.Issue"/>(extra), so never past its budget. <see cref="CampaignStacking.Add"/>: all of them, in order of Id;
    /// <see cref="CampaignStacking.Best"/>: only the one granting the most after its budget cap (ties: lowest Id).</item>
    /// <item>Each activated bonus offer the purchase qualifies for (<see cref="OfferBonus"/>), in order of offer Id: its points, and
    /// <see cref="OfferActivation.UseOnce"/>.</item>
    /// </list>
    /// Total = base + campaigns granted + offers. Campaigns and activations change only when they add more than 0 points.
    /// Targeting is the caller's job: pass only campaigns that reach the member, and only the member's activations.
    /// With no campaign or offer adding points, the result is exactly the base overload's.
    /// </summary>
    public static EarnResult ForPurchase(PurchaseEarnInput input)
    {
        var baseResult = ForPurchase(input.Amount, input.Currency, input.StoreName, input.BasePointsPerUnit, input.Tier, input.Items,
            input.CategoryMultipliers, input.PlusMultiplier);
        var purchase = new PurchaseFacts(input.Amount, input.Items, input.StoreId, input.OccurredAt);
        var (rate, tier) = (input.BasePointsPerUnit, input.Tier.Multiplier);
        var terms = new List<LedgerReason>();

        var candidates = input.Campaigns.Distinct()
            .Where(c => c.AppliesTo(input.StoreId, input.OccurredAt))
            .Select(c => (Campaign: c, Qualifying: purchase.QualifyingTotal(c.Category)))
            .Select(x => (x.Campaign, x.Qualifying, Extra: Math.Max(0, (long)Math.Floor(x.Qualifying * rate * tier * (x.Campaign.Multiplier - 1)))))
            .Where(x => x.Extra > 0)
            .OrderBy(x => x.Campaign.Id)
            .ToList();
        if (input.Stacking == CampaignStacking.Best && candidates.Count > 1)
            candidates = [candidates.OrderByDescending(x => Math.Min(x.Extra, x.Campaign.RemainingBudget ?? long.MaxValue)).First()];
        var campaigns = new List<CampaignAward>();
        foreach (var (campaign, qualifying, extra) in candidates)
        {
            var granted = campaign.Issue(extra);
            if (granted == 0) continue;
            campaigns.Add(new CampaignAward(campaign.Id, granted, qualifying));
            ReasonArg[] args = [campaign.Name, new ReasonArg.Amount(qualifying), ReasonArg.Of(rate), ReasonArg.Of(tier), ReasonArg.Of(campaign.Multiplier), granted];
            terms.Add(granted < extra ? LedgerReason.Of(ReasonCodes.EarnCampaignCapped, [.. args, extra]) : LedgerReason.Of(ReasonCodes.EarnCampaign, args));
        }

        var offers = new List<OfferAward>();
        foreach (var (offer, activation) in input.Offers.OrderBy(o => o.Offer.Id).ThenBy(o => o.Activation.Id))
        {
            if (OfferBonus.For(offer, activation, purchase, rate, tier) is not { Points: > 0 } bonus) continue;
            activation.UseOnce();
            offers.Add(new OfferAward(offer.Id, activation.Id, bonus.Points));
            terms.Add(bonus.Term);
        }

        if (terms.Count == 0) return baseResult;
        var total = baseResult.Points + campaigns.Sum(c => c.Points) + offers.Sum(o => o.Points);
        // "Purchase … at …: <base terms> = base pts + <campaigns and offers> = total pts": the base reason's terms become a subtotal.
        var head = baseResult.Reason;
        var subtotal = LedgerReason.Of(ReasonCodes.EarnSubtotal, baseResult.Points).With(head.Parts);
        return new EarnResult(total, head with { Args = [head.Args[0], head.Args[1], total], Parts = [subtotal, .. terms] })
        {
            Campaigns = campaigns,
            Offers = offers,
        };
    }
}

/// <summary>A purchase as earning sees it, with the campaigns and activated offers that may add to it.</summary>
/// <param name="Tier">The member's tier; its multiplier applies to base, campaigns and multiplier offers.</param>
public sealed record PurchaseEarnInput(decimal Amount, string Currency, string StoreName, int StoreId, DateTimeOffset OccurredAt,
    decimal BasePointsPerUnit, Tier Tier)
{
    public IReadOnlyCollection<PurchaseItem> Items { get; init; } = [];
    public IReadOnlyDictionary<string, decimal>? CategoryMultipliers { get; init; }

    /// <summary>Campaigns that target this member (the caller applies targeting); the calculator checks time, day and store.</summary>
    public IReadOnlyList<Campaign> Campaigns { get; init; } = [];

    /// <summary>The member's activated offers; only bonus offers the purchase qualifies for add points.</summary>
    public IReadOnlyList<ActivatedOffer> Offers { get; init; } = [];

    public CampaignStacking Stacking { get; init; } = CampaignStacking.Add;

    /// <summary>The member's Plus plan multiplier while they have Plus benefits, else 1; multiplies the base part only.</summary>
    public decimal PlusMultiplier { get; init; } = 1m;
}

public sealed record ActivatedOffer(Offer Offer, OfferActivation Activation);

/// <param name="QualifyingSales">The sales the campaign touched, for its cost report.</param>
public sealed record CampaignAward(int CampaignId, long Points, decimal QualifyingSales);

public sealed record OfferAward(int OfferId, long ActivationId, long Points);

/// <param name="Points">Everything the purchase earns: base + campaigns + offers.</param>
public sealed record EarnResult(long Points, LedgerReason Reason)
{
    public IReadOnlyList<CampaignAward> Campaigns { get; init; } = [];
    public IReadOnlyList<OfferAward> Offers { get; init; } = [];
    public long BasePoints => Points - Campaigns.Sum(c => c.Points) - Offers.Sum(o => o.Points);
}
