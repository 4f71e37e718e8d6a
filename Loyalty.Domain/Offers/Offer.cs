using System.Globalization;
using System.Text.RegularExpressions;

namespace Loyalty.Domain.Offers;

/// <summary>
/// An exclusive offer members activate. Bonus offers (points multiplier, fixed bonus points) then apply to the
/// member's next qualifying purchases (<see cref="OfferBonus"/>); the others are redeemed at the till with the coupon.
/// </summary>
public sealed partial class Offer
{
    private List<int> _storeIds = [];

    private Offer() { Title = ""; Description = ""; Targeting = Targeting.Everyone; }

    public Offer(string title, string description, OfferType type, decimal value, string? freeItemName, string? category,
        decimal? minSpend, int usesPerMember, DateTimeOffset startsAt, DateTimeOffset endsAt, int? quantity,
        CouponMode couponMode, string? sharedCode, Targeting? targeting, IEnumerable<int>? storeIds, DateTimeOffset createdAt)
    {
        Title = "";
        Description = "";
        Targeting = Targeting.Everyone;
        CreatedAt = createdAt;
        Update(title, description, type, value, freeItemName, category, minSpend, usesPerMember, startsAt, endsAt, quantity,
            couponMode, sharedCode, targeting, storeIds);
    }

    public int Id { get; private set; }
    public string Title { get; private set; }
    public string Description { get; private set; }

    /// <summary>The uploaded image's file name (no path), or none.</summary>
    public string? ImageFileName { get; private set; }

    public OfferType Type { get; private set; }

    /// <summary>Percent off (1-100), points multiplier (above 1, up to 10) or bonus points (whole, 1-1,000,000); 0 for a free item.</summary>
    public decimal Value { get; private set; }

    public string? FreeItemName { get; private set; }

    /// <summary>Only items of this category qualify; null = the whole purchase.</summary>
    public string? Category { get; private set; }

    /// <summary>The qualifying total a purchase must reach; null = any.</summary>
    public decimal? MinSpend { get; private set; }

    /// <summary>How many qualifying purchases one activated bonus applies to.</summary>
    public int UsesPerMember { get; private set; } = 1;

    public DateTimeOffset StartsAt { get; private set; }

    /// <summary>Exclusive: the offer is live while StartsAt ≤ now &lt; EndsAt.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>Activations allowed in total; null = unlimited.</summary>
    public int? Quantity { get; private set; }

    public int Activations { get; private set; }
    public CouponMode CouponMode { get; private set; }

    /// <summary>The code every member gets when <see cref="CouponMode"/> is Shared; upper case.</summary>
    public string? SharedCode { get; private set; }

    public Targeting Targeting { get; private set; }

    /// <summary>Stores where it applies; empty = all stores.</summary>
    public IReadOnlyList<int> StoreIds => _storeIds;

    public OfferStatus Status { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>When an admin ended it early; purchases made before still count.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The partner that funds it ("at Cinema City" on the card); null for the program's own.</summary>
    public int? PartnerId { get; private set; }

    /// <summary>Concurrency token: two instances cannot both take the last activation.</summary>
    public long Version { get; private set; }

    /// <summary>Only members with Plus benefits may activate it; others see it locked, with a way to join Plus.</summary>
    public bool PlusOnly { get; private set; }

    public void SetPlusOnly(bool plusOnly) => PlusOnly = plusOnly;

    /// <summary>The refusal for a member without Plus benefits, or null when they may activate it.</summary>
    public DomainException? RefusePlusOnly(bool memberHasPlus) => PlusOnly && !memberHasPlus
        ? DomainException.Forbidden("offer.plus-only", $"'{Title}' is for Plus members only; join Plus to activate it.", field: "offerId")
        : null;

    public bool IsBonus => Type is OfferType.PointsMultiplier or OfferType.FixedBonusPoints;

    /// <summary>Activations left; null = unlimited.</summary>
    public int? Remaining => Quantity is { } q ? Math.Max(0, q - Activations) : null;

    public void Update(string title, string description, OfferType type, decimal value, string? freeItemName, string? category,
        decimal? minSpend, int usesPerMember, DateTimeOffset startsAt, DateTimeOffset endsAt, int? quantity,
        CouponMode couponMode, string? sharedCode, Targeting? targeting, IEnumerable<int>? storeIds)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 120) throw new DomainException("offer.title", "An offer needs a title of 1-120 characters.");
        description = (description ?? "").Trim();
        if (description.Length > 2000) throw new DomainException("offer.description", "The description can be at most 2,000 characters.");
        if (!Enum.IsDefined(type)) throw new DomainException("offer.type", "Choose the kind of offer.");
        freeItemName = string.IsNullOrWhiteSpace(freeItemName) ? null : freeItemName.Trim();
        switch (type)
        {
            case OfferType.PercentDiscount when value is < 1 or > 100:
                throw Refusal("offer.value", $"A percent discount must be between 1 and 100 %, not {value}.");
            case OfferType.PointsMultiplier when value is <= 1 or > 10:
                throw Refusal("offer.value", $"A points multiplier must be above 1 and at most 10 (2 = double points), not {value}.");
            case OfferType.FixedBonusPoints when value is < 1 or > 1_000_000 || value != decimal.Truncate(value):
                throw Refusal("offer.value", $"Bonus points must be a whole number between 1 and 1,000,000, not {value}.");
            case OfferType.FreeItem when freeItemName is null or { Length: > 80 }:
                throw Refusal("offer.free-item", $"Name the free item (1-80 characters).");
        }
        if (type == OfferType.FreeItem) value = 0;
        else freeItemName = null;
        category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        if (category is { Length: > 40 }) throw new DomainException("offer.category", "A category is at most 40 characters.");
        if (minSpend is < 0) throw Refusal("offer.min-spend", $"The minimum spend cannot be negative ({minSpend}); leave it empty for none.");
        if (usesPerMember is < 1 or > 100)
            throw Refusal("offer.uses", $"Uses per member must be between 1 and 100, not {usesPerMember}.");
        if (endsAt <= startsAt) throw new DomainException("offer.window", "The offer must end after it starts.");
        if (quantity is < 1) throw Refusal("offer.quantity", $"The quantity must be at least 1, not {quantity}; leave it empty for unlimited.");
        if (quantity < Activations)
            throw Refusal("offer.quantity-below-activations",
                $"{Activations} members have already activated this offer; the quantity cannot go below {Activations}.", RefusalKind.Conflict);
        if (!Enum.IsDefined(couponMode)) throw new DomainException("offer.coupon-mode", "Choose how coupon codes are given.");
        if (couponMode == CouponMode.Shared)
        {
            sharedCode = (sharedCode ?? "").Trim().ToUpperInvariant();
            if (!SharedCodePattern().IsMatch(sharedCode))
                throw Refusal("offer.shared-code",
                    $"A shared coupon code is 3-32 characters of letters A-Z, digits and '-', e.g. 'SUMMER-25'; '{sharedCode}' is not.");
        }
        else sharedCode = null;

        (Title, Description, Type, Value, FreeItemName, Category, MinSpend, UsesPerMember, StartsAt, EndsAt, Quantity, CouponMode, SharedCode) =
            (title, description, type, value, freeItemName, category, minSpend, usesPerMember, startsAt, endsAt, quantity, couponMode, sharedCode);
        Targeting = targeting ?? Targeting.Everyone;
        _storeIds = (storeIds ?? []).Distinct().ToList();
        Version++;
    }

    public void SetImage(string? fileName)
    {
        fileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName.Trim();
        if (fileName is not null && (fileName.Length > 200 || fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Contains("..", StringComparison.Ordinal)))
            throw new DomainException("offer.image", "The image must be a plain file name of at most 200 characters.");
        ImageFileName = fileName;
    }

    public void FundedBy(int? partnerId) => PartnerId = partnerId;

    public void Publish(DateTimeOffset now)
    {
        if (Status != OfferStatus.Draft) throw DomainException.Conflict("offer.not-draft", "Only a draft offer can be published.");
        if (EndsAt <= now)
            throw Refusal("offer.already-ended", $"This offer ended on {EndsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; move its end date before publishing it.", RefusalKind.Conflict);
        (Status, PublishedAt) = (OfferStatus.Published, now);
        Version++;
    }

    /// <summary>Ends it now; ending an ended offer changes nothing.</summary>
    public void End(DateTimeOffset now)
    {
        if (Status == OfferStatus.Ended) return;
        (Status, EndedAt) = (OfferStatus.Ended, now);
        Version++;
    }

    public OfferState StateAt(DateTimeOffset now)
    {
        if (Status == OfferStatus.Draft) return OfferState.Draft;
        if (Status == OfferStatus.Ended && (EndedAt is null || now >= EndedAt)) return OfferState.Ended;
        if (now < StartsAt) return OfferState.Scheduled;
        return now < EndsAt ? OfferState.Live : OfferState.Ended;
    }

    /// <summary>A member takes the offer. Whether this member already has it is the caller's check.</summary>
    /// <param name="uniqueCode">Makes an unguessable code; called only for per-member coupons.</param>
    public OfferActivation Activate(long memberId, DateTimeOffset now, Func<string> uniqueCode)
    {
        switch (StateAt(now))
        {
            case OfferState.Draft: throw DomainException.Conflict("offer.not-live", "This offer is not published yet.");
            case OfferState.Scheduled: throw Refusal("offer.not-live", $"This offer starts on {StartsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", RefusalKind.Conflict);
            case OfferState.Ended: throw DomainException.Conflict("offer.not-live", "This offer has ended.");
        }
        if (Remaining == 0) throw DomainException.Conflict("offer.sold-out", "All of this offer's activations have been taken.");
        var coupon = CouponMode switch
        {
            CouponMode.Shared => SharedCode,
            CouponMode.PerMember => uniqueCode() is { Length: > 0 } code ? code
                : throw new InvalidOperationException("The coupon code generator returned an empty code."),
            _ => null,
        };
        Activations++;
        Version++;
        return new OfferActivation(Id, memberId, now, coupon, IsBonus ? UsesPerMember : 0);
    }

    private static DomainException Refusal(string code, FormattableString message, RefusalKind kind = RefusalKind.Invalid) =>
        new(code, message.ToString(CultureInfo.InvariantCulture), kind);

    [GeneratedRegex("^[A-Z0-9-]{3,32}$")]
    private static partial Regex SharedCodePattern();
}
