using Loyalty.Domain.Offers;

namespace Loyalty.Tests.Builders;

/// <summary>
/// Defaults: "Coffee week", double points on the whole purchase, one use, live from <see cref="Start"/> (a Monday) for
/// 14 days, unlimited, no coupon, everyone, all stores, published the day before it starts.
/// </summary>
public sealed class OfferBuilder
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = Start.AddDays(14);

    private int? _id;
    private string _title = "Coffee week";
    private string _description = "";
    private OfferType _type = OfferType.PointsMultiplier;
    private decimal _value = 2m;
    private string? _freeItem;
    private string? _category;
    private decimal? _minSpend;
    private int _uses = 1;
    private DateTimeOffset _startsAt = Start;
    private DateTimeOffset _endsAt = End;
    private int? _quantity;
    private CouponMode _coupon = CouponMode.None;
    private string? _sharedCode;
    private Targeting? _targeting;
    private int[] _storeIds = [];
    private bool _published = true;

    public OfferBuilder WithId(int id) { _id = id; return this; }
    public OfferBuilder Titled(string title) { _title = title; return this; }
    public OfferBuilder Described(string description) { _description = description; return this; }
    public OfferBuilder Multiplying(decimal multiplier) => OfType(OfferType.PointsMultiplier, multiplier);
    public OfferBuilder GivingBonus(decimal points) => OfType(OfferType.FixedBonusPoints, points);
    public OfferBuilder PercentOff(decimal percent) => OfType(OfferType.PercentDiscount, percent);
    public OfferBuilder FreeItem(string? name) { _freeItem = name; return OfType(OfferType.FreeItem, 0); }
    public OfferBuilder OfType(OfferType type, decimal value) { (_type, _value) = (type, value); return this; }
    public OfferBuilder InCategory(string? category) { _category = category; return this; }
    public OfferBuilder WithMinSpend(decimal? minSpend) { _minSpend = minSpend; return this; }
    public OfferBuilder UsableTimes(int uses) { _uses = uses; return this; }
    public OfferBuilder Between(DateTimeOffset startsAt, DateTimeOffset endsAt) { (_startsAt, _endsAt) = (startsAt, endsAt); return this; }
    public OfferBuilder Limited(int? quantity) { _quantity = quantity; return this; }
    public OfferBuilder WithSharedCode(string? code) { (_coupon, _sharedCode) = (CouponMode.Shared, code); return this; }
    public OfferBuilder WithPerMemberCodes() { _coupon = CouponMode.PerMember; return this; }
    public OfferBuilder Targeting(Targeting targeting) { _targeting = targeting; return this; }
    public OfferBuilder AtStores(params int[] storeIds) { _storeIds = storeIds; return this; }
    public OfferBuilder AsDraft() { _published = false; return this; }

    public Offer Build()
    {
        var offer = new Offer(_title, _description, _type, _value, _freeItem, _category, _minSpend, _uses, _startsAt, _endsAt,
            _quantity, _coupon, _sharedCode, _targeting, _storeIds, createdAt: _startsAt.AddDays(-2));
        if (_id is { } id) offer.SavedAs(id);
        if (_published) offer.Publish(_startsAt.AddDays(-1));
        return offer;
    }
}
