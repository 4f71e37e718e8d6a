namespace Loyalty.Domain.Members;

/// <summary>A person in the program. The login lives in Identity; this is the loyalty side.</summary>
public sealed class Member
{
    public const int DisplayNameMaxLength = 40;
    public const int ExternalIdMaxLength = 64;
    public const int HomeCityMaxLength = 80;

    private Member() { DisplayName = ""; HomeCity = ""; }

    public Member(string? userId, string displayName, string homeCity, int tierId, DateTimeOffset joinedAt)
    {
        displayName = (displayName ?? "").Trim();
        if (displayName.Length is 0 or > DisplayNameMaxLength)
            throw new DomainException("member.display-name",
                $"A display name is needed, at most {DisplayNameMaxLength} characters; it is shown on public leaderboards.");
        UserId = userId;
        DisplayName = displayName;
        HomeCity = (homeCity ?? "").Trim();
        TierId = tierId;
        JoinedAt = joinedAt;
    }

    /// <summary>
    /// Brings in a member of an existing program (a CSV import): their id in the old system stays with them, so importing the
    /// same file again finds them instead of making them twice.
    /// </summary>
    public static Member Imported(string userId, string externalId, string displayName, string homeCity, DateOnly? birthDate,
        int tierId, DateTimeOffset joinedAt)
    {
        externalId = (externalId ?? "").Trim();
        if (externalId.Length is 0 or > ExternalIdMaxLength)
            throw new DomainException("member.external-id", $"An imported member needs the id they had in the old system, at most {ExternalIdMaxLength} characters.");
        if (birthDate is { } born && born > DateOnly.FromDateTime(joinedAt.UtcDateTime))
            throw new DomainException("member.birth-date", "The birth date must be in the past.");
        var member = new Member(userId, displayName, homeCity, tierId, joinedAt)
        {
            ExternalId = externalId,
            ExternalIdKey = ExternalIdKeyOf(externalId),
            BirthDate = birthDate,
        };
        if (member.HomeCity.Length > HomeCityMaxLength)
            throw new DomainException("member.home-city", $"The home city is at most {HomeCityMaxLength} characters.");
        return member;
    }

    public long Id { get; private set; }

    /// <summary>The member's id in the system the program came from (set by an import; unique when present).</summary>
    public string? ExternalId { get; private set; }

    /// <summary>
    /// <see cref="ExternalId"/> as it is compared: ids differing only in letter case are one member, on every database
    /// (unique when present). Lookups go through <see cref="ExternalIdKeyOf"/>.
    /// </summary>
    public string? ExternalIdKey { get; private set; }

    /// <summary>The key an external id is compared by: trimmed, upper case (invariant).</summary>
    public static string ExternalIdKeyOf(string externalId) => (externalId ?? "").Trim().ToUpperInvariant();

    /// <summary>The Identity user, or null once the person deleted their account.</summary>
    public string? UserId { get; private set; }

    /// <summary>Printed on the card and used by point-of-sale systems, e.g. LY-000123; null until the member is saved.</summary>
    public string? MemberNumber { get; private set; }

    public string DisplayName { get; private set; }
    public string HomeCity { get; private set; }
    public int TierId { get; private set; }
    public DateTimeOffset JoinedAt { get; private set; }

    /// <summary>Points owed after a return took back points already spent.</summary>
    public long DebtPoints { get; private set; }

    /// <summary>When a downgrade may next be considered; shown to the member in advance.</summary>
    public DateTimeOffset? TierReviewAt { get; private set; }

    /// <summary>Bumped by every change of the member's points: the optimistic concurrency token that makes
    /// two racing writers (even on two app instances) unable to both spend the same points.</summary>
    public long Version { get; private set; }

    public void Touch() => Version++;

    public static string FormatNumber(long id) => $"LY-{id:D6}";

    /// <summary>The member number comes from the database id, so it is assigned once that id exists.</summary>
    public void AssignNumber()
    {
        if (Id <= 0) throw new InvalidOperationException("The member has no id yet.");
        MemberNumber ??= FormatNumber(Id);
    }

    public void MoveToTier(int tierId) => TierId = tierId;

    public void MoveToTier(int tierId, DateTimeOffset? reviewAt)
    {
        TierId = tierId;
        TierReviewAt = reviewAt;
    }

    /// <summary>Optional; used only for age-band segments.</summary>
    public DateOnly? BirthDate { get; private set; }

    /// <summary>May the program use this member's purchase history to choose offers for them? Without it, no personalisation.</summary>
    public bool PersonalisationConsent { get; private set; }

    /// <summary>May the program send this member marketing e-mail?</summary>
    public bool MarketingConsent { get; private set; }

    /// <summary>May the program show this member's display name on public boards? Without it, a pseudonym (<see cref="PublicName"/>).</summary>
    public bool PublicNameConsent { get; private set; }

    /// <summary>Sets both without a history (tests and seeding); members change them through <see cref="SetConsent"/>.</summary>
    public void SetConsents(bool personalisation, bool marketing) =>
        (PersonalisationConsent, MarketingConsent) = (personalisation, marketing);

    public bool HasConsent(ConsentKind kind) => kind switch
    {
        ConsentKind.PublicName => PublicNameConsent,
        ConsentKind.Marketing => MarketingConsent,
        ConsentKind.Personalisation => PersonalisationConsent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Gives or withdraws one consent; the history row to save with it, or null when nothing changed.</summary>
    public ConsentChange? SetConsent(ConsentKind kind, bool granted, ConsentSource source, DateTimeOffset at)
    {
        if (HasConsent(kind) == granted) return null;
        switch (kind)
        {
            case ConsentKind.PublicName: PublicNameConsent = granted; break;
            case ConsentKind.Marketing: MarketingConsent = granted; break;
            default: PersonalisationConsent = granted; break;
        }
        return new ConsentChange(Id, kind, granted, source, at);
    }

    /// <summary>The name others see on boards, by the program's style for members who have not opted in.</summary>
    public string PublicNameBy(PublicNameStyle style) => PublicName.Of(PublicNameConsent, DisplayName, MemberNumber, Id, style);

    public void UpdateProfile(string homeCity, DateOnly? birthDate, DateOnly today)
    {
        if (birthDate is { } born && (born > today || born < today.AddYears(-120)))
            throw new DomainException("member.birth-date", "The birth date must be in the past and within the last 120 years.");
        homeCity = (homeCity ?? "").Trim();
        if (homeCity.Length > HomeCityMaxLength) throw new DomainException("member.home-city", $"The home city is at most {HomeCityMaxLength} characters.");
        (HomeCity, BirthDate) = (homeCity, birthDate);
    }

    public void SetDebt(long debt) => DebtPoints = debt >= 0 ? debt : throw new ArgumentOutOfRangeException(nameof(debt));

    /// <summary>What an erased member's row is called (pages render it in the reader's language from <see cref="ErasedAt"/>).</summary>
    public const string FormerMemberName = "Former member";

    /// <summary>When the member's personal data was erased (they deleted their account, or staff did on request); null while they are a member.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    public bool IsErased => ErasedAt is not null;

    /// <summary>Why nothing can be earned or spent on this member now (their account was closed), or null.</summary>
    public DomainException? RefusalIfErased(string field = "memberNumber") => IsErased
        ? DomainException.Conflict("member.erased", $"Member {MemberNumber} closed their account; nothing can be earned or spent on it any more.", field)
        : null;

    /// <summary>
    /// Erases what identifies the person (name, city, birth date, old system's id, the login link), withdraws every consent
    /// (returned, one history row each that changed), keeping the row, its number and its history for the program's accounts
    /// (docs/ledger.md, "Erasure"). Null when it already was: twice changes nothing.
    /// </summary>
    public IReadOnlyList<ConsentChange>? Erase(DateTimeOffset at)
    {
        if (IsErased) return null;
        (DisplayName, HomeCity, BirthDate, ExternalId, ExternalIdKey, UserId) = (FormerMemberName, "", null, null, null, null);
        var withdrawn = Enum.GetValues<ConsentKind>().Select(kind => SetConsent(kind, false, ConsentSource.Erasure, at)).OfType<ConsentChange>().ToList();
        ErasedAt = at;
        Touch();
        return withdrawn;
    }
}
