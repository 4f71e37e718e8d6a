namespace Loyalty.Domain.Offers;

/// <summary>Why a member sees an offer or campaign; the web layer words it in the member's language.</summary>
public enum OfferReasonKind
{
    /// <summary>"Because you often buy {0}"; {0} is the category.</summary>
    Category = 1,

    /// <summary>{0} is the tier id; the web layer shows the tier's name ("For Gold members").</summary>
    Tier = 2,

    /// <summary>{0} is the segment code.</summary>
    Segment = 3,

    /// <summary>{0} is the city as written in the targeting.</summary>
    City = 4,

    /// <summary>Not targeted: every member sees it.</summary>
    Everyone = 5,
}

public sealed record OfferReason(OfferReasonKind Kind, string Argument);

/// <summary>A member is reached; the reasons come in the order Category, Tier, Segment, City (or just Everyone).</summary>
public sealed record TargetingMatch(IReadOnlyList<OfferReason> Reasons);
