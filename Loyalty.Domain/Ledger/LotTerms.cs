namespace Loyalty.Domain.Ledger;

/// <summary>How long new points stay locked (return window) and how long they live.</summary>
public sealed record LotTerms(int PendingDays, int? ExpiryMonths)
{
    public static LotTerms Immediate { get; } = new(0, null);

    public DateTimeOffset? PendingUntil(DateTimeOffset earnedAt) =>
        PendingDays > 0 ? earnedAt.AddDays(PendingDays) : null;

    public DateTimeOffset? ExpiresAt(DateTimeOffset earnedAt) =>
        ExpiryMonths is int months && months > 0 ? earnedAt.AddMonths(months) : null;
}
