namespace Loyalty.Domain.Feedback;

/// <summary>What a member can rate (README, Feedback).</summary>
public enum FeedbackSubjectType
{
    Reward,
    Offer,
    /// <summary>A visit to one store.</summary>
    StoreVisit,
    /// <summary>The programme as a whole: no id.</summary>
    Program,
}

/// <summary>
/// One thing a member rates: a type and, except for the programme, the id of the reward, offer or store. Its <see cref="Key"/>
/// ("reward:5", "store:2", "program") is what links and the once-a-day rule use.
/// </summary>
public readonly record struct FeedbackSubject
{
    private FeedbackSubject(FeedbackSubjectType type, int? id) => (Type, Id) = (type, id);

    public FeedbackSubjectType Type { get; }
    public int? Id { get; }

    public static FeedbackSubject Program { get; } = new(FeedbackSubjectType.Program, null);

    public string Key => Type switch
    {
        FeedbackSubjectType.Program => "program",
        FeedbackSubjectType.StoreVisit => $"store:{Id}",
        _ => $"{Type.ToString().ToLowerInvariant()}:{Id}",
    };

    /// <summary>A subject of this type; refused unless the programme comes without an id and everything else with one.</summary>
    public static FeedbackSubject Of(FeedbackSubjectType type, int? id)
    {
        if (!Enum.IsDefined(type) || (type == FeedbackSubjectType.Program) != (id is null) || id <= 0)
            throw Unknown();
        return new FeedbackSubject(type, id);
    }

    /// <summary>Reads a <see cref="Key"/> back; null when it names no subject (a hand-edited link).</summary>
    public static FeedbackSubject? TryParse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        if (key == "program") return Program;
        var parts = key.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
            return null;
        FeedbackSubjectType? type = parts[0] switch
        {
            "reward" => FeedbackSubjectType.Reward,
            "offer" => FeedbackSubjectType.Offer,
            "store" => FeedbackSubjectType.StoreVisit,
            _ => null,
        };
        return type is { } t ? new FeedbackSubject(t, id) : null;
    }

    public static DomainException Unknown() =>
        DomainException.NotFound("feedback.subject_unknown", "Choose a reward, an offer, a store or the programme to rate.", "subject");
}
