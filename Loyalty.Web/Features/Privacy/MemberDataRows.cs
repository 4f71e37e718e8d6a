using Loyalty.Domain.Feedback;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Referrals;
using Loyalty.Domain.Rewards;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data.Records;

namespace Loyalty.Web.Features.Privacy;

// The rows of "Download my data", one record per file: what a member may read about themselves, in the program's words.
// Internal columns (request hashes, API key ids, idempotency keys, owner ids) are left out; so is anything about another person
// beyond what the member already saw in the portal (a referred friend's display name).

public sealed record ProfileFile(DateTimeOffset GeneratedAt, IReadOnlyDictionary<string, string?> Account, IReadOnlyList<ExternalLoginRow> ExternalLogins,
    IReadOnlyList<string> Roles, MemberProfileRow? Member);

public sealed record ExternalLoginRow(string Provider, string ProviderKey, string? DisplayName);

public sealed record MemberProfileRow(string? MemberNumber, string DisplayName, string HomeCity, DateOnly? BirthDate, string Tier, DateTimeOffset JoinedAt,
    DateTimeOffset? TierReviewAt, long DebtPoints, string? ExternalId, bool PersonalisationConsent, bool MarketingConsent, bool PublicNameConsent, string? Language,
    string? ReferralCode, IReadOnlyList<NotificationPreferenceRow> NotificationPreferences, InsightRow? Insight);

public sealed record NotificationPreferenceRow(NotificationKind Kind, NotificationChannels Channels);

/// <summary>What the program worked out from the member's purchases (segments use it); only with personalisation consent is it used for offers.</summary>
public sealed record InsightRow(ValueSegment Value, int Purchases, decimal Spend, DateTimeOffset? LastPurchaseAt, DateTimeOffset? LastActivityAt,
    IReadOnlyList<string> TopCategories, DateTimeOffset ComputedAt);

/// <param name="Reason">As stored: a coded reason (docs/ledger.md §1), or English text written before codes.</param>
/// <param name="ReasonText">The reason in words, in the language the download was asked in.</param>
public sealed record LedgerRow(Guid Id, DateTimeOffset OccurredAt, LedgerEntryKind Kind, LedgerSource Source, long Points, string Reason, string ReasonText,
    string? SourceRef, Guid? LotId);

public sealed record PointsLotRow(Guid Id, DateTimeOffset EarnedAt, long Points, long Remaining, DateTimeOffset? PendingUntil, DateTimeOffset? ExpiresAt,
    DateTimeOffset? ExpiredAt, long ExpiredPoints, long Reversed, bool CountsForTier);

public sealed record PurchaseRow(long Id, string ExternalId, string Store, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, decimal Amount,
    string Currency, long PointsEarned, decimal RefundedAmount, long PointsReversed, IReadOnlyList<PurchaseItemRow> Items);

public sealed record PurchaseItemRow(long PurchaseId, string Sku, string Category, decimal Quantity, decimal UnitPrice);

public sealed record ReturnRow(long Id, long PurchaseId, string ExternalId, DateTimeOffset OccurredAt, decimal Amount, long PointsReversed);

public sealed record RedemptionRow(Guid Id, string Reward, long Points, string VoucherCode, RedemptionStatus Status, DateTimeOffset IssuedAt,
    DateTimeOffset? UsedAt, DateTimeOffset? CancelledAt, IReadOnlyList<SpentShare> PaidFrom);

public sealed record OfferActivationRow(long Id, int OfferId, string Offer, DateTimeOffset ActivatedAt, string? CouponCode, int UsesLeft);

public sealed record ActivityEventRow(long Id, string ExternalId, string EventCode, string Event, DateTimeOffset OccurredAt, DateTimeOffset? RecordedAt,
    long Points, decimal? Amount);

public sealed record TournamentEntryRow(long Id, int TournamentId, string Tournament, DateTimeOffset JoinedAt, long Score, int? FinalRank);

public sealed record NotificationRow(long Id, NotificationKind Kind, string SubjectKey, string Arguments, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    bool InApp, NotificationMail Mail);

public sealed record FeedbackRow(long Id, FeedbackSubjectType SubjectType, string Subject, int Rating, string? Comment, DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset LastActivityAt, DateTimeOffset? HiddenAt);

/// <param name="From">"You" or "Staff": the staff member's name is theirs, not the member's.</param>
public sealed record FeedbackMessageRow(Guid Id, long FeedbackId, string From, string Text, DateTimeOffset At);

/// <param name="Role">"referrer" (a friend joined with your code) or "referee" (you joined with someone's code).</param>
/// <param name="Friend">The friend's display name when you referred them; nothing about who referred you.</param>
/// <param name="Points">The points this referral gave you.</param>
public sealed record ReferralRow(long Id, string Role, string? Friend, string Code, DateTimeOffset JoinedAt, DateTimeOffset ExpiresAt, ReferralState State,
    DateTimeOffset? ClosedAt, long Points);

public sealed record SegmentRow(string Code, string? Name);

public sealed record PlusSubscriptionRow(long Id, string Plan, Domain.Plus.SubscriptionState State, decimal Amount, string Currency,
    Domain.Plus.BillingPeriod Period, decimal EarnMultiplier, string Gateway, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? PeriodStart,
    DateTimeOffset? PeriodEnd, DateTimeOffset? CancelledAt, DateTimeOffset? EndedAt);

public sealed record PlusPaymentRow(long Id, long SubscriptionId, Domain.Plus.PaymentKind Kind, DateTimeOffset At, decimal Amount, string Currency,
    Domain.Plus.PaymentOutcome Outcome, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int Attempt, string? PaymentRef, string? FailureMessage);

public sealed record CampaignBonusRow(Guid Id, int CampaignId, string Campaign, string PurchaseExternalId, long Points, decimal Sales, DateTimeOffset OccurredAt);

/// <param name="Actor">"You", or "Staff" for anyone else (their e-mail is theirs).</param>
public sealed record AuditRow(Guid Id, DateTimeOffset At, string Action, string Actor, string? Before, string? After, string? Reason);

/// <summary>One consent given (<paramref name="Granted"/>) or withdrawn, when and where.</summary>
public sealed record ConsentRow(DateTimeOffset At, Domain.Members.ConsentKind Kind, bool Granted, Domain.Members.ConsentSource Source);
