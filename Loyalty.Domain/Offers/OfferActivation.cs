namespace Loyalty.Domain.Offers;

/// <summary>A member took an offer; a bonus offer's activation counts down the purchases it still applies to.</summary>
public sealed class OfferActivation
{
    private OfferActivation() { }

    internal OfferActivation(int offerId, long memberId, DateTimeOffset activatedAt, string? couponCode, int usesLeft) =>
        (OfferId, MemberId, ActivatedAt, CouponCode, UsesLeft) = (offerId, memberId, activatedAt, couponCode, usesLeft);

    public long Id { get; private set; }
    public int OfferId { get; private set; }
    public long MemberId { get; private set; }
    public DateTimeOffset ActivatedAt { get; private set; }
    public string? CouponCode { get; private set; }

    /// <summary>Qualifying purchases the bonus still applies to; always 0 for offers that are not bonuses.</summary>
    public int UsesLeft { get; private set; }

    public void UseOnce()
    {
        if (UsesLeft <= 0) throw DomainException.Conflict("offer.used-up", "This activated offer has no uses left.");
        UsesLeft--;
    }
}
