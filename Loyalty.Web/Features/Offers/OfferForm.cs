using Loyalty.Domain.Offers;

namespace Loyalty.Web.Features.Offers;

/// <summary>The offer as the admin form edits it; dates and times are UTC.</summary>
public sealed class OfferForm
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string? ImageFileName { get; set; }
    public OfferType Type { get; set; } = OfferType.PointsMultiplier;
    public decimal Value { get; set; } = 2;
    public string? FreeItemName { get; set; }
    public string? Category { get; set; }
    public decimal? MinSpend { get; set; }
    public int UsesPerMember { get; set; } = 1;
    public DateTime? StartsDate { get; set; }
    public TimeSpan? StartsTime { get; set; } = TimeSpan.Zero;
    public DateTime? EndsDate { get; set; }
    public TimeSpan? EndsTime { get; set; } = TimeSpan.Zero;
    public int? Quantity { get; set; }
    public CouponMode CouponMode { get; set; } = CouponMode.None;
    public string? SharedCode { get; set; }
    public IReadOnlyCollection<int> TierIds { get; set; } = [];
    public IReadOnlyCollection<string> SegmentCodes { get; set; } = [];
    public IReadOnlyCollection<string> Cities { get; set; } = [];
    public string? PersonalCategory { get; set; }
    public IReadOnlyCollection<int> StoreIds { get; set; } = [];

    /// <summary>The partner that funds the offer; null for the program's own.</summary>
    public int? PartnerId { get; set; }

    /// <summary>Only Plus members may activate it.</summary>
    public bool PlusOnly { get; set; }

    // Read-only facts for the list.
    public OfferState State { get; set; }
    public int Activations { get; set; }

    public DateTimeOffset? StartsAt => At(StartsDate, StartsTime);
    public DateTimeOffset? EndsAt => At(EndsDate, EndsTime);

    public Targeting ToTargeting() => new(TierIds, SegmentCodes, Cities, PersonalCategory);

    public static OfferForm NewDraft(DateTimeOffset now) => new()
    {
        StartsDate = now.UtcDateTime.Date.AddDays(1),
        EndsDate = now.UtcDateTime.Date.AddDays(15),
    };

    public static OfferForm From(Offer o, DateTimeOffset now) => new()
    {
        Id = o.Id, Title = o.Title, Description = o.Description, ImageFileName = o.ImageFileName, Type = o.Type, Value = o.Value,
        FreeItemName = o.FreeItemName, Category = o.Category, MinSpend = o.MinSpend, UsesPerMember = o.UsesPerMember,
        StartsDate = o.StartsAt.UtcDateTime.Date, StartsTime = o.StartsAt.UtcDateTime.TimeOfDay,
        EndsDate = o.EndsAt.UtcDateTime.Date, EndsTime = o.EndsAt.UtcDateTime.TimeOfDay,
        Quantity = o.Quantity, CouponMode = o.CouponMode, SharedCode = o.SharedCode,
        TierIds = o.Targeting.TierIds.ToList(), SegmentCodes = o.Targeting.SegmentCodes.ToList(), Cities = o.Targeting.Cities.ToList(),
        PersonalCategory = o.Targeting.PersonalCategory, StoreIds = o.StoreIds.ToList(), PartnerId = o.PartnerId, PlusOnly = o.PlusOnly,
        State = o.StateAt(now), Activations = o.Activations,
    };

    private static DateTimeOffset? At(DateTime? date, TimeSpan? time) =>
        date is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date + (time ?? TimeSpan.Zero), DateTimeKind.Utc)) : null;
}

