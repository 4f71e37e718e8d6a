namespace Loyalty.Domain.Offers;

public enum OfferType
{
    PercentDiscount = 1,
    PointsMultiplier = 2,
    FixedBonusPoints = 3,
    FreeItem = 4,
}

public enum CouponMode
{
    /// <summary>No code: activating is enough.</summary>
    None = 0,

    /// <summary>Everyone gets the same code.</summary>
    Shared = 1,

    /// <summary>Each activation gets its own unguessable code.</summary>
    PerMember = 2,
}

/// <summary>What is stored: where the admin put the offer.</summary>
public enum OfferStatus
{
    Draft = 0,
    Published = 1,
    Ended = 2,
}

/// <summary>What is shown: the status read against the clock.</summary>
public enum OfferState
{
    Draft = 0,
    Scheduled = 1,
    Live = 2,
    Ended = 3,
}
