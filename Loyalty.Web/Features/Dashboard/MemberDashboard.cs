using Loyalty.Domain.Ledger;
using Loyalty.Domain.Tiers;

namespace Loyalty.Web.Features.Dashboard;

/// <summary>What a member sees first: points, their money value, what is pending or expiring, tier and recent entries.</summary>
public sealed record MemberDashboard(
    string DisplayName,
    string MemberNumber,
    string Currency,
    PointsBalance Balance,
    decimal AvailableMoney,
    TierProgress Tier,
    IReadOnlyList<LedgerLine> Recent,
    DateTimeOffset? TierReviewAt = null)
{
    public bool IsNew => Recent.Count == 0 && Balance.Total == 0;
}

public sealed record LedgerLine(Guid Id, DateTimeOffset OccurredAt, LedgerEntryKind Kind, long Points, string Reason);
