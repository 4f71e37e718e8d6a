using System.Globalization;
using Loyalty.Domain.Offers;
using Loyalty.Web.Features.Offers;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>Offers in the member's words: what they give and why the member gets them.</summary>
public static class OfferWording
{
    public static string What(this IStringLocalizer l, OfferType type, decimal value, string? freeItem) => type switch
    {
        OfferType.PercentDiscount => l["Offer.What.PercentDiscount", value.ToString("0.##", CultureInfo.CurrentCulture)],
        OfferType.PointsMultiplier => l["Offer.What.PointsMultiplier", value.ToString("0.##", CultureInfo.CurrentCulture)],
        OfferType.FixedBonusPoints => l["Offer.What.FixedBonusPoints", l.Points((long)value)],
        _ => l["Offer.What.FreeItem", freeItem ?? ""],
    };

    public static string Why(this IStringLocalizer l, OfferReasonView reason) => reason.Kind switch
    {
        OfferReasonKind.Category => l["Offer.Reason.Category", reason.Name],
        OfferReasonKind.Tier => l["Offer.Reason.Tier", reason.Name],
        OfferReasonKind.Segment => l["Offer.Reason.Segment", l.SegmentName(reason.Name)],
        OfferReasonKind.City => l["Offer.Reason.City", reason.Name],
        _ => l["Offer.Reason.Everyone"],
    };

    /// <summary>Value segments are named in the member's language; rule segments by the name the admin gave them.</summary>
    public static string SegmentName(this IStringLocalizer l, string codeOrName) => codeOrName switch
    {
        Domain.Segments.SegmentCodes.ValueHigh => l["Offer.Segment.ValueHigh"],
        Domain.Segments.SegmentCodes.ValueMid => l["Offer.Segment.ValueMid"],
        Domain.Segments.SegmentCodes.ValueLow => l["Offer.Segment.ValueLow"],
        _ => codeOrName,
    };

    public static string StateName(this IStringLocalizer l, OfferState state) => state switch
    {
        OfferState.Draft => l["Offer.State.Draft"],
        OfferState.Scheduled => l["Offer.State.Scheduled"],
        OfferState.Live => l["Offer.State.Live"],
        _ => l["Offer.State.Ended"],
    };

    public static string TypeName(this IStringLocalizer l, OfferType type) => type switch
    {
        OfferType.PercentDiscount => l["Offer.Type.PercentDiscount"],
        OfferType.PointsMultiplier => l["Offer.Type.PointsMultiplier"],
        OfferType.FixedBonusPoints => l["Offer.Type.FixedBonusPoints"],
        _ => l["Offer.Type.FreeItem"],
    };

    public static string CouponModeName(this IStringLocalizer l, CouponMode mode) => mode switch
    {
        CouponMode.Shared => l["Offer.Coupon.Shared"],
        CouponMode.PerMember => l["Offer.Coupon.PerMember"],
        _ => l["Offer.Coupon.None"],
    };
}
