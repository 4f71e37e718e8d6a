namespace Loyalty.Web.Data.Records;

/// <summary>What a notification is about; a member chooses per kind how to hear of it (docs/architecture.md, Notifications).</summary>
public enum NotificationKind
{
    PointsEarned,
    PointsTakenBack,
    TierUp,
    TierDown,
    /// <summary>The tier will drop at the next review unless the member qualifies: sent 30 days before it.</summary>
    TierDowngradeNotice,
    /// <summary>Points of one lot expire within 30 days: once per lot (its id is the subject).</summary>
    PointsExpiring,
    NewOffer,
    RedemptionIssued,
    VoucherUsed,
    Overtaken,
    ReferralRewarded,
    FeedbackAnswered,
    GiftReceived,
}

/// <summary>
/// One message in a member's notification centre. A member gets at most one per (kind, subject): the subject key names what
/// it is about (a ledger entry, a lot, a redemption, an answer…), so a job that runs twice, or on two instances, cannot send it
/// twice (a unique index). Its text is rendered when shown, in the reader's language, from the kind and its arguments.
/// </summary>
public sealed class Notification
{
    public const int SubjectKeyMaxLength = 100;
    public const int ArgumentsMaxLength = 2000;

    public long Id { get; init; }
    public long MemberId { get; init; }
    public NotificationKind Kind { get; init; }
    public required string SubjectKey { get; init; }
    /// <summary>JSON object of string values the kind's text is filled from (e.g. points, a reward's name).</summary>
    public string Arguments { get; init; } = "{}";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>Shown in the inbox and counted by the bell: the member's in-app preference for the kind when it was added.</summary>
    public bool InApp { get; init; } = true;
    /// <summary>Whether it still goes out by e-mail (the member's e-mail preference when it was added), or has gone.</summary>
    public NotificationMail Mail { get; set; }
}

/// <summary>A notification's e-mail: none wanted, waiting for the mailer, or handed to the outbox (or dropped by it).</summary>
public enum NotificationMail
{
    None,
    Pending,
    Queued,
    /// <summary>Dropped when it was due: the member turned the e-mail off meanwhile, has no address, or no marketing consent.</summary>
    Skipped,
}
