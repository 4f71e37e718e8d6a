using System.Text.Json;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Analytics;

public sealed record TierShare(int TierId, string Tier, int Members);

public sealed record SegmentShare(int SegmentId, string Segment, int Members);

/// <summary>Moves into <see cref="Tier"/> in one period: up (a purchase, the review or staff lifted them) and down.</summary>
public sealed record TierMovement(DateOnly Start, string Tier, int Up, int Down);

/// <summary>The tiers and segments section: members per tier and per segment now, and tier moves per period.</summary>
public sealed record TierAnalytics(IReadOnlyList<TierShare> Tiers, IReadOnlyList<SegmentShare> Segments, IReadOnlyList<TierMovement> Movements,
    IgnoredFilters TiersIgnored, IgnoredFilters SegmentsIgnored, IgnoredFilters MovementsIgnored);

/// <summary>
/// Tier distribution from the members' tier (city and segment honoured), segment distribution from the segments' sizes at
/// their last recompute (no filter), and tier moves from the TierUp and TierDown notices every tier change sends (an index
/// on kind and time; no filter). Segment moves are not recorded (docs/analytics.md).
/// </summary>
public sealed class GetTierAnalytics(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<TierAnalytics> HandleAsync(AnalyticsFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = db.Members.AsNoTracking().Where(m => m.ErasedAt == null);
        if (filter.City is { Length: > 0 } city) members = members.Where(m => m.HomeCity == city);
        if (filter.SegmentId is { } segment)
        {
            var code = db.Segments.Where(s => s.Id == segment).Select(s => s.Code);
            members = members.Where(m => db.MemberSegments.Any(ms => ms.MemberId == m.Id && code.Contains(ms.Code)));
        }
        var counts = await members.GroupBy(m => m.TierId).Select(g => new { TierId = g.Key, Members = g.Count() }).ToDictionaryAsync(g => g.TierId, g => g.Members, ct);
        var tiers = (await db.Tiers.AsNoTracking().OrderBy(t => t.Threshold).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Where(t => filter.TierId is null || filter.TierId == t.Id).Select(t => new TierShare(t.Id, t.Name, counts.GetValueOrDefault(t.Id))).ToList();
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Name).Select(s => new SegmentShare(s.Id, s.Name, s.Size)).ToListAsync(ct);

        var (start, end) = filter.Window;
        var moves = await db.Notifications.AsNoTracking()
            .Where(n => (n.Kind == NotificationKind.TierUp || n.Kind == NotificationKind.TierDown) && n.CreatedAt >= start && n.CreatedAt < end)
            .Select(n => new { n.Kind, n.CreatedAt, n.Arguments }).ToListAsync(ct);
        var movements = moves.GroupBy(m => (Start: filter.PeriodStart(RollUpAnalytics.DayOf(m.CreatedAt)), Tier: TierOf(m.Arguments)))
            .Select(g => new TierMovement(g.Key.Start, g.Key.Tier, g.Count(m => m.Kind == NotificationKind.TierUp), g.Count(m => m.Kind == NotificationKind.TierDown)))
            .OrderBy(m => m.Start).ThenBy(m => m.Tier, StringComparer.Ordinal).ToList();
        var all = IgnoredFilters.City | IgnoredFilters.Store | IgnoredFilters.Tier | IgnoredFilters.Segment;
        return new TierAnalytics(tiers, segments, movements, IgnoredFilters.Store.Of(filter), all.Of(filter), all.Of(filter));
    }

    private static string TierOf(string arguments)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(arguments)?.GetValueOrDefault("tier") ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
