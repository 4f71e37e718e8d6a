using Loyalty.Domain.Ledger;
using Loyalty.Domain.Purchases;

namespace Loyalty.Domain.Offers;

/// <summary>
/// What an activated bonus offer adds to a purchase. It qualifies when the offer is live at the purchase time, the
/// activation came first and has uses left, the store is one of the offer's (or it has none), and the qualifying
/// total (items of the offer's category, or the whole amount) is above 0 and reaches the minimum spend.
/// A multiplier m adds floor(qualifying × base × tier × (m − 1)); fixed bonus points add their value.
/// </summary>
public static class OfferBonus
{
    public static OfferBonusResult? For(Offer offer, OfferActivation activation, PurchaseFacts purchase, decimal basePointsPerUnit,
        decimal tierMultiplier)
    {
        if (activation.OfferId != offer.Id)
            throw new ArgumentException($"Activation {activation.Id} belongs to offer {activation.OfferId}, not {offer.Id}.", nameof(activation));
        if (!offer.IsBonus || activation.UsesLeft <= 0 || purchase.OccurredAt < activation.ActivatedAt) return null;
        if (offer.StateAt(purchase.OccurredAt) != OfferState.Live) return null;
        if (offer.StoreIds.Count > 0 && !offer.StoreIds.Contains(purchase.StoreId)) return null;
        var qualifying = purchase.QualifyingTotal(offer.Category);
        if (qualifying <= 0 || qualifying < offer.MinSpend) return null;

        if (offer.Type == OfferType.FixedBonusPoints)
        {
            var bonus = (long)offer.Value;
            return new OfferBonusResult(bonus, qualifying, LedgerReason.Of(ReasonCodes.EarnOfferFixed, offer.Title, bonus));
        }
        var points = Math.Max(0, (long)Math.Floor(qualifying * basePointsPerUnit * tierMultiplier * (offer.Value - 1)));
        return new OfferBonusResult(points, qualifying, LedgerReason.Of(ReasonCodes.EarnOffer, offer.Title, new ReasonArg.Amount(qualifying),
            ReasonArg.Of(basePointsPerUnit), ReasonArg.Of(tierMultiplier), ReasonArg.Of(offer.Value), points));
    }
}

/// <param name="Term">The part of the ledger reason this offer adds (in English "offer 'Welcome bonus' +500 pts").</param>
public sealed record OfferBonusResult(long Points, decimal QualifyingSales, LedgerReason Term);
