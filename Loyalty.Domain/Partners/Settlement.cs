using System.Globalization;
using Loyalty.Domain.Ledger;

namespace Loyalty.Domain.Partners;

/// <summary>A calendar month in UTC, the period of a partner's settlement statement ("2026-10").</summary>
public readonly record struct SettlementMonth(int Year, int Month) : IComparable<SettlementMonth>
{
    public const string Format = "yyyy-MM";

    public static SettlementMonth Of(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new SettlementMonth(utc.Year, utc.Month);
    }

    public static bool TryParse(string? text, out SettlementMonth month)
    {
        var ok = DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        month = ok ? new SettlementMonth(date.Year, date.Month) : default;
        return ok;
    }

    public static SettlementMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month written {Format}.");

    /// <summary>The first instant of the month (UTC).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the month: entries before it may belong to the month.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    public SettlementMonth Next => Of(End);

    public int CompareTo(SettlementMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(SettlementMonth a, SettlementMonth b) => a.CompareTo(b) < 0;
    public static bool operator >(SettlementMonth a, SettlementMonth b) => a.CompareTo(b) > 0;
    public static bool operator <=(SettlementMonth a, SettlementMonth b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SettlementMonth a, SettlementMonth b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");
}

/// <summary>One ledger entry on a statement: its own month, and whether it arrived after that month closed.</summary>
public sealed record SettlementItem(Guid EntryId, long MemberId, LedgerEntryKind Kind, long Points, DateTimeOffset OccurredAt)
{
    public SettlementMonth OwnMonth => SettlementMonth.Of(OccurredAt);
}

/// <summary>Points of one part of a statement (the month's own entries, or the corrections for one earlier month).</summary>
public sealed record SettlementPoints(long Issued, long Returned, long Redeemed, long Refunded)
{
    public static readonly SettlementPoints None = new(0, 0, 0, 0);

    /// <summary>Points issued at the partner's stores less those taken back by returns: what the partner pays for.</summary>
    public long NetIssued => Issued - Returned;

    /// <summary>Points spent on the partner's rewards less those given back by cancellations: what the program pays for.</summary>
    public long NetRedeemed => Redeemed - Refunded;

    public static SettlementPoints Of(IEnumerable<SettlementItem> items)
    {
        long issued = 0, returned = 0, redeemed = 0, refunded = 0;
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case LedgerEntryKind.Earn: issued += item.Points; break;
                case LedgerEntryKind.Reverse: returned -= item.Points; break;
                case LedgerEntryKind.Redeem: redeemed -= item.Points; break;
                case LedgerEntryKind.Refund: refunded += item.Points; break;
                default: throw new ArgumentException($"A {item.Kind} entry does not settle with a partner.", nameof(items));
            }
        }
        return new SettlementPoints(issued, returned, redeemed, refunded);
    }
}

public sealed record SettlementCorrection(SettlementMonth For, SettlementPoints Points);

/// <summary>
/// A statement's figures: the month's own points, the corrections for earlier (closed) months, and the money each side
/// owes at the prices per point given. Money is rounded to 2 decimals (half away from zero) only here, at the totals.
/// </summary>
public sealed record SettlementTotals(
    SettlementPoints Own,
    IReadOnlyList<SettlementCorrection> Corrections,
    SettlementPoints All,
    decimal PricePerPointIssued,
    decimal PricePerPointRedeemed)
{
    /// <summary>What the partner owes the program for the points issued at its stores (net of returns).</summary>
    public decimal PartnerOwes => Settlement.Money(All.NetIssued * PricePerPointIssued);

    /// <summary>What the program owes the partner for the points spent on its rewards (net of cancellations).</summary>
    public decimal ProgramOwes => Settlement.Money(All.NetRedeemed * PricePerPointRedeemed);

    /// <summary>Positive: the partner pays the program this much; negative: the program pays the partner; zero: nobody pays.</summary>
    public decimal Balance => PartnerOwes - ProgramOwes;
}

/// <summary>
/// The settlement rules (docs/ledger.md, "Settlement"): which statement an entry lands on, when a month may be closed, and
/// the arithmetic from entries to totals. Closed months are always a run from the first one: only the oldest open month closes.
/// </summary>
public static class Settlement
{
    public static decimal Money(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The statement an entry belongs to: its own month while that month is open; once it is closed (the entry arrived
    /// late: a till sending late, a return or cancellation of something earlier), the oldest open month after it.
    /// </summary>
    public static SettlementMonth StatementMonthOf(DateTimeOffset occurredAt, SettlementMonth? lastClosed)
    {
        var own = SettlementMonth.Of(occurredAt);
        return lastClosed is { } closed && own <= closed ? closed.Next : own;
    }

    /// <summary>
    /// The oldest open month: the one after the last closed, or, before any closing, the first month with anything to
    /// settle (the partner's first month when nothing happened before it).
    /// </summary>
    public static SettlementMonth OldestOpen(SettlementMonth? lastClosed, SettlementMonth firstMonth, DateTimeOffset? firstEntryAt) =>
        lastClosed?.Next ?? (firstEntryAt is { } at && SettlementMonth.Of(at) < firstMonth ? SettlementMonth.Of(at) : firstMonth);

    /// <summary>Why <paramref name="month"/> cannot be closed now, or null when it can: only the oldest open month, and only once it has ended.</summary>
    public static DomainException? RefusalToClose(SettlementMonth month, SettlementMonth oldestOpen, DateTimeOffset now)
    {
        if (month < oldestOpen)
            return DomainException.Conflict("settlement.already-closed", $"The statement for {month} is already closed.", "month");
        if (month > oldestOpen)
            return DomainException.Conflict("settlement.not-oldest",
                $"Close {oldestOpen} first: months are closed in order, so that late entries always have an open month to land in.", "month");
        if (now < month.End)
            return DomainException.Conflict("settlement.month-not-ended",
                $"{month} has not ended yet; it can be closed from {month.End:yyyy-MM-dd} (UTC).", "month");
        return null;
    }

    /// <summary>The figures of the statement for <paramref name="month"/> made of <paramref name="items"/>; an item of an earlier month is a correction.</summary>
    public static SettlementTotals Totals(SettlementMonth month, IReadOnlyCollection<SettlementItem> items, decimal pricePerPointIssued,
        decimal pricePerPointRedeemed)
    {
        if (items.FirstOrDefault(i => i.OwnMonth > month) is { } later)
            throw new ArgumentException($"Entry {later.EntryId} of {later.OwnMonth} cannot settle in the earlier month {month}.", nameof(items));
        var corrections = items.Where(i => i.OwnMonth < month).GroupBy(i => i.OwnMonth).OrderBy(g => g.Key)
            .Select(g => new SettlementCorrection(g.Key, SettlementPoints.Of(g))).ToList();
        return new SettlementTotals(SettlementPoints.Of(items.Where(i => i.OwnMonth == month)), corrections, SettlementPoints.Of(items),
            pricePerPointIssued, pricePerPointRedeemed);
    }
}
