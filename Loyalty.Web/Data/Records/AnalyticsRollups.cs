using Loyalty.Domain.Ledger;

namespace Loyalty.Web.Data.Records;

/// <summary>
/// Ledger entries of one day, kind and source, by the member's tier (when the entry was rolled up) and home city: how many
/// and their points (signed, as in the ledger). Kept by <c>Features/Analytics/RollUpAnalytics</c> (docs/analytics.md).
/// </summary>
public sealed class LedgerDailyRollup(DateOnly day, LedgerEntryKind kind, LedgerSource source, int tierId, string city)
{
    public DateOnly Day { get; private set; } = day;
    public LedgerEntryKind Kind { get; private set; } = kind;
    public LedgerSource Source { get; private set; } = source;
    public int TierId { get; private set; } = tierId;
    public string City { get; private set; } = city;
    public long Entries { get; set; }
    public long Points { get; set; }
}

/// <summary>Purchases of one day at one store, by the member's tier (when rolled up) and home city: how many and their amount.</summary>
public sealed class SalesDailyRollup(DateOnly day, int storeId, int tierId, string city)
{
    public DateOnly Day { get; private set; } = day;
    public int StoreId { get; private set; } = storeId;
    public int TierId { get; private set; } = tierId;
    public string City { get; private set; } = city;
    public long Purchases { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>
/// Redemptions of one reward issued on one day (UTC) and not cancelled: how many and their points. Kept by
/// <c>Features/Analytics/RewardRollup</c>, which recounts a day from the redemptions whenever one of them changed (docs/analytics.md).
/// </summary>
public sealed class RewardDailyRollup(DateOnly day, int rewardId)
{
    public DateOnly Day { get; private set; } = day;
    public int RewardId { get; private set; } = rewardId;
    public long Redemptions { get; set; }
    public long Points { get; set; }
}

/// <summary>How many purchases a member made in a calendar month (UTC, the month's first day): a row exists once they bought.</summary>
public sealed class MemberMonthActivity(long memberId, DateOnly month)
{
    public long MemberId { get; private set; } = memberId;
    public DateOnly Month { get; private set; } = month;
    public int Purchases { get; set; }
}

/// <summary>
/// Of the members who joined in <see cref="JoinMonth"/>, how many bought in <see cref="Month"/> (<see cref="Active"/>) and
/// how many bought at least twice then (<see cref="Repeat"/>): the retention grid and, summed over join months, the active
/// members and repeat buyers of a month.
/// </summary>
public sealed class CohortCell(DateOnly joinMonth, DateOnly month)
{
    public DateOnly JoinMonth { get; private set; } = joinMonth;
    public DateOnly Month { get; private set; } = month;
    public long Active { get; set; }
    public long Repeat { get; set; }
}

/// <summary>
/// A row of an analytics feed (<see cref="Feed"/> = the cursor's name, <see cref="Key"/> = the row's key as text) already
/// folded into the rollups. On SQL Server an update gives a row a new rowversion past the cursor (a return updates its
/// purchase, an erasure redacts ledger reasons), so the feed reads it again; this row keeps it from being counted twice
/// (docs/analytics.md).
/// </summary>
public sealed class FoldedFeedRow(string feed, string key)
{
    public const int KeyMaxLength = 40;
    public string Feed { get; private set; } = feed;
    public string Key { get; private set; } = key;
}
