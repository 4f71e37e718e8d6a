namespace Loyalty.Domain.Ledger;

/// <summary>One immutable change of a member's points. Corrections are new entries, never edits (the one exception: <see cref="RedactReason"/>).</summary>
public sealed class LedgerEntry
{
    public const int MaxReasonLength = 500;

    private LedgerEntry() { Reason = ""; }

    internal LedgerEntry(long memberId, LedgerEntryKind kind, long points, DateTimeOffset occurredAt,
        LedgerSource source, string? sourceRef, LedgerReason reason, Guid? lotId, int? partnerId = null)
    {
        if (string.IsNullOrWhiteSpace(reason.Code) || (reason.IsVerbatim && reason.Texts().All(string.IsNullOrWhiteSpace)))
            throw new DomainException("ledger.reason-required", "Every ledger entry needs a reason a person can read.");
        Id = Guid.CreateVersion7(occurredAt);
        MemberId = memberId;
        Kind = kind;
        Points = points;
        OccurredAt = occurredAt;
        Source = source;
        SourceRef = sourceRef;
        Reason = reason.Encode(MaxReasonLength);
        LotId = lotId;
        PartnerId = partnerId;
    }

    public Guid Id { get; private set; }
    public long MemberId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Signed: credits are positive, debits negative.</summary>
    public long Points { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
    public LedgerSource Source { get; private set; }

    /// <summary>The id of what caused the entry in its source (purchase external id, redemption id...).</summary>
    public string? SourceRef { get; private set; }

    /// <summary>The stored <see cref="LedgerReason"/> (<see cref="LedgerReason.Encode"/>); legacy entries hold English text.</summary>
    public string Reason { get; private set; }

    /// <summary>
    /// The one change a kept entry allows: a person whose data was erased is taken out of its reason's words (the points,
    /// kind and dates never change; docs/ledger.md, "Erasure"). False when the reason did not name them.
    /// </summary>
    public bool RedactReason(IReadOnlyCollection<string> identifying, string replacement)
    {
        var redacted = LedgerReason.Decode(Reason).MapTexts(t => Redaction.Replace(t, identifying, replacement)).Encode(MaxReasonLength);
        if (redacted == Reason) return false;
        Reason = redacted;
        return true;
    }

    /// <summary>
    /// Legacy English text becomes the coded reason it spells (the start-up upgrade, docs/ledger.md §1); a coded reason is
    /// never rewritten. False when nothing changed.
    /// </summary>
    public bool RecodeReason(LedgerReason reason)
    {
        if (LedgerReason.IsCoded(Reason) || reason.IsVerbatim) return false;
        Reason = reason.Encode(MaxReasonLength);
        return true;
    }

    /// <summary>The lot a credit created or an expiry closed.</summary>
    public Guid? LotId { get; private set; }

    /// <summary>
    /// The partner this entry settles with: the earn at its store or the return of it, the spend on its reward or the
    /// refund of it. Null for everything the program keeps to itself. Monthly statements sum these (docs/ledger.md).
    /// </summary>
    public int? PartnerId { get; private set; }
}
