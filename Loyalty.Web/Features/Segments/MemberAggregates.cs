using Loyalty.Domain.Ledger;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Segments;

/// <summary>What a segment run needs to know about one member, summed up by the database.</summary>
/// <param name="FirstPurchaseAt">The first purchase in the window: the figures hold until the window moves past it.</param>
/// <param name="ChangesAhead">A purchase or activity dated after the run's time (a till's clock slightly ahead): the figures
/// will change without the member changing again, so the next run reads them again.</param>
public sealed record MemberAggregate(RfmStats Rfm, IReadOnlyList<string> TopCategories, DateTimeOffset? LastActivityAt,
    DateTimeOffset? FirstPurchaseAt = null, bool ChangesAhead = false)
{
    public static MemberAggregate None { get; } = new(RfmStats.None, [], null);
}

/// <summary>
/// Per-member sums for a range of member ids, computed by the database with grouped queries instead of reading every
/// purchase and item: purchases in the window (count, spend net of refunds, the first and the last one), spend per category, and the
/// last earning or activity entry. Provider-neutral LINQ. Money is summed as floating point, which both databases add up
/// natively (SQLite stores decimals as text, and EF Core's exact <c>ef_sum</c>/<c>ef_multiply</c> call into .NET for every
/// row: two thirds of a run at 100,000 members), and rounded back to cents: amounts of whole cents, summed a few thousand
/// at a time, are off by far less than half a cent, so the rounded sum is the exact one.
/// </summary>
public static class MemberAggregates
{
    /// <summary>Aggregates of the members with ids from <paramref name="first"/> to <paramref name="last"/> who have any; the others are <see cref="MemberAggregate.None"/>.</summary>
    public static Task<Dictionary<long, MemberAggregate>> ReadAsync(LoyaltyDbContext db, long first, long last,
        DateTimeOffset windowStart, DateTimeOffset now, CancellationToken ct) =>
        ReadAsync(db.Purchases.AsNoTracking().Where(p => p.MemberId >= first && p.MemberId <= last),
            db.LedgerEntries.AsNoTracking().Where(e => e.MemberId >= first && e.MemberId <= last), windowStart, now, ct);

    /// <summary>The same for the members with these ids (an incremental run's changed members; at most a chunk of them).</summary>
    public static Task<Dictionary<long, MemberAggregate>> ReadAsync(LoyaltyDbContext db, IReadOnlyCollection<long> ids,
        DateTimeOffset windowStart, DateTimeOffset now, CancellationToken ct) =>
        ReadAsync(db.Purchases.AsNoTracking().Where(p => ids.Contains(p.MemberId)),
            db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.MemberId)), windowStart, now, ct);

    private static async Task<Dictionary<long, MemberAggregate>> ReadAsync(IQueryable<Domain.Purchases.Purchase> purchases,
        IQueryable<LedgerEntry> entries, DateTimeOffset windowStart, DateTimeOffset now, CancellationToken ct)
    {
        var inWindow = purchases.Where(p => p.OccurredAt > windowStart && p.OccurredAt <= now);
        var step = RecomputeSegments.Steps.StartActivity("read totals");
        var totals = await Totals(inWindow).ToDictionaryAsync(s => s.MemberId, ct);
        step?.Dispose();
        step = RecomputeSegments.Steps.StartActivity("read spend by category");
        var byCategory = await SpendByCategory(inWindow).ToListAsync(ct);
        step?.Dispose();
        step = RecomputeSegments.Steps.StartActivity("top categories");
        var top = byCategory.GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => TopCategories(g.Select(c => (c.Category, Spend: Math.Round((decimal)c.Spend, 4)))));
        step?.Dispose();
        step = RecomputeSegments.Steps.StartActivity("read last activity");
        var activity = await LastActivities(entries, now).ToDictionaryAsync(e => e.MemberId, e => e.Last, ct);
        step?.Dispose();
        step = RecomputeSegments.Steps.StartActivity("read ahead");
        var ahead = (await purchases.Where(p => p.OccurredAt > now).Select(p => p.MemberId).Distinct().ToListAsync(ct))
            .Concat(await Activities(entries).Where(e => e.OccurredAt > now).Select(e => e.MemberId).Distinct().ToListAsync(ct))
            .ToHashSet();
        step?.Dispose();
        using var merging = RecomputeSegments.Steps.StartActivity("merge");

        var result = new Dictionary<long, MemberAggregate>();
        foreach (var id in totals.Keys.Concat(top.Keys).Concat(activity.Keys).Concat(ahead).Distinct())
        {
            var sums = totals.GetValueOrDefault(id);
            var stats = sums is null ? RfmStats.None : new RfmStats(sums.Last, sums.Count, Cents(sums.Amount - sums.Refunded));
            DateTimeOffset? active = activity.TryGetValue(id, out var a) ? a : null;
            if (stats.LastPurchaseAt is { } bought && (active is null || bought > active)) active = bought;
            result[id] = new MemberAggregate(stats, top.GetValueOrDefault(id) ?? [], active, sums?.First, ahead.Contains(id));
        }
        return result;
    }

    public static IQueryable<Domain.Purchases.Purchase> PurchasesInWindow(LoyaltyDbContext db, long first, long last,
        DateTimeOffset windowStart, DateTimeOffset now) =>
        db.Purchases.AsNoTracking().Where(p => p.MemberId >= first && p.MemberId <= last && p.OccurredAt > windowStart && p.OccurredAt <= now);

    /// <summary>Per member: purchases, their amounts and refunds (two sums, subtracted by the caller), the last one.</summary>
    public static IQueryable<PurchaseTotals> Totals(IQueryable<Domain.Purchases.Purchase> purchases) =>
        purchases.GroupBy(p => p.MemberId).Select(g => new PurchaseTotals(g.Key, g.Count(), g.Sum(p => (double)p.Amount), g.Sum(p => (double)p.RefundedAmount),
            g.Max(p => p.OccurredAt), g.Min(p => p.OccurredAt)));

    /// <summary>A floating-point sum of whole-cent amounts back in exact cents (see the class remarks).</summary>
    public static decimal Cents(double sum) => Math.Round((decimal)sum, 2, MidpointRounding.AwayFromZero);

    /// <summary>Spend (quantity × unit price) per member and category as the till spelt it.</summary>
    public static IQueryable<CategorySpend> SpendByCategory(IQueryable<Domain.Purchases.Purchase> purchases) =>
        purchases.SelectMany(p => p.Items, (p, i) => new { p.MemberId, i.Category, Spend = (double)i.Quantity * (double)i.UnitPrice })
            .GroupBy(x => new { x.MemberId, x.Category })
            .Select(g => new CategorySpend(g.Key.MemberId, g.Key.Category, g.Sum(x => x.Spend)));

    /// <summary>Activity: the last earning (from purchases) or activity entry (check-ins, reviews...) per member.</summary>
    public static IQueryable<LastActivity> LastActivities(LoyaltyDbContext db, long first, long last, DateTimeOffset now) =>
        LastActivities(db.LedgerEntries.AsNoTracking().Where(e => e.MemberId >= first && e.MemberId <= last), now);

    private static IQueryable<LastActivity> LastActivities(IQueryable<LedgerEntry> entries, DateTimeOffset now) =>
        Activities(entries).Where(e => e.OccurredAt <= now).GroupBy(e => e.MemberId).Select(g => new LastActivity(g.Key, g.Max(e => e.OccurredAt)));

    private static IQueryable<LedgerEntry> Activities(IQueryable<LedgerEntry> entries) =>
        entries.Where(e => e.Kind == LedgerEntryKind.Earn || e.Source == LedgerSource.Activity);

    /// <summary>
    /// The three categories with the most spend, most first (ties by name). Blank categories do not count; spellings that
    /// differ only in case or surrounding spaces are one category, named by the first spelling in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> TopCategories(IEnumerable<(string Category, decimal Spend)> spend)
    {
        // A run calls this for every member, with a handful of categories each: plain lists, no LINQ (docs/segments.md).
        var spelt = new List<(string Name, decimal Spend)>();
        foreach (var (category, amount) in spend)
            if (!string.IsNullOrWhiteSpace(category)) spelt.Add((category.Trim(), amount));
        spelt.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var merged = new List<(string Name, decimal Spend)>(spelt.Count);
        foreach (var (name, amount) in spelt)
        {
            var at = merged.FindIndex(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
            if (at < 0) merged.Add((name, amount));
            else merged[at] = (merged[at].Name, merged[at].Spend + amount);
        }
        // Names differ (case-insensitively, so ordinally too): the order is total.
        merged.Sort((a, b) => a.Spend != b.Spend ? b.Spend.CompareTo(a.Spend) : string.CompareOrdinal(a.Name, b.Name));
        var top = new List<string>(Math.Min(3, merged.Count));
        for (var i = 0; i < merged.Count && i < 3; i++) top.Add(merged[i].Name);
        return top;
    }
}

public sealed record PurchaseTotals(long MemberId, int Count, double Amount, double Refunded, DateTimeOffset Last, DateTimeOffset First);

public sealed record CategorySpend(long MemberId, string Category, double Spend);

public sealed record LastActivity(long MemberId, DateTimeOffset Last);
