using System.Diagnostics;
using Loyalty.Domain;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Events;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Segments;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Bench;

/// <summary>The app's clock moved ahead by <see cref="Offset"/>: the scale run lets a day pass between two segment runs.</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// A day of change between two segment runs, through the app's own use cases: the clock moves 23 hours ahead (a full run is
/// due after 24, Segments:FullRunHours), and as many purchases as the window holds per day are posted at random members and
/// stores over those hours, one in fifty purchases of the window is partly returned, and a fifth as many check-ins.
/// Then the incremental run is timed (docs/segments.md, "Incremental runs").
/// </summary>
internal static class ScaleSegmentsDay
{
    public sealed record Day(int Purchases, int Returns, int CheckIns, TimeSpan Posting);

    public static async Task<Day> SimulateAsync(WebApplicationFactory<Program> app, ShiftedClock clock)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var now = clock.GetUtcNow();
        var window = (await db.ProgramSettings.AsNoTracking().SingleAsync()).Rfm.WindowDays;
        var inWindow = await db.Purchases.CountAsync(p => p.OccurredAt > now.AddDays(-window));
        var perDay = Math.Max(1, inWindow / window);
        var members = await db.Members.AsNoTracking().Where(m => m.MemberNumber != null && m.ErasedAt == null).Select(m => m.MemberNumber!).ToListAsync();
        var stores = await db.Stores.AsNoTracking().Select(s => s.Code).ToListAsync();
        var returnable = await db.Purchases.AsNoTracking().Where(p => p.OccurredAt > now.AddDays(-window) && p.RefundedAmount == 0)
            .OrderBy(p => p.Id).Select(p => new { p.ExternalId, p.Amount }).Take(perDay * 4).ToListAsync();
        clock.Offset += TimeSpan.FromHours(23);
        now = clock.GetUtcNow();
        var random = new Random(17);
        string[] categories = ["coffee", "groceries", "books", "electronics", "toys", "beauty"];
        var purchases = Enumerable.Range(0, perDay).Select(i => new PurchaseCommand($"bench-day-{Guid.NewGuid():N}", members[random.Next(members.Count)],
            Math.Round(5m + (decimal)random.NextDouble() * 120m, 2), "EUR", stores[random.Next(stores.Count)],
            now.AddMinutes(-random.Next(23 * 60)), [])).Select(c => c with
        {
            Items = [new PurchaseItem("sku-a", categories[random.Next(categories.Length)], 1, c.Amount - 1m), new PurchaseItem("sku-b", categories[random.Next(categories.Length)], 1, 1m)],
        }).ToList();
        var returns = returnable.Where((_, i) => i % 4 == 0).Take(perDay / 50).ToList();
        var checkIns = Enumerable.Range(0, perDay / 5).Select(_ => (Number: members[random.Next(members.Count)], MinutesAgo: random.Next(60))).ToList();
        var (posted, returned, checkedIn) = (0, 0, 0);
        await Parallel.ForEachAsync(purchases, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, ct) =>
        {
            if (await Accepted(() => app.Services.GetRequiredService<RecordPurchase>().HandleAsync(c, ct))) Interlocked.Increment(ref posted);
        });
        await Parallel.ForEachAsync(returns, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) =>
        {
            var command = new ReturnCommand(r.ExternalId, $"bench-return-{Guid.NewGuid():N}", Math.Max(0.01m, Math.Round(r.Amount / 3, 2)), now.AddMinutes(-5));
            if (await Accepted(() => app.Services.GetRequiredService<RecordReturn>().HandleAsync(command, ct))) Interlocked.Increment(ref returned);
        });
        await Parallel.ForEachAsync(checkIns, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (e, ct) =>
        {
            var command = new ActivityEventCommand($"bench-ev-{Guid.NewGuid():N}", e.Number, "app-checkin", now.AddMinutes(-e.MinutesAgo));
            if (await Accepted(() => app.Services.GetRequiredService<RecordActivityEvent>().HandleAsync(command, ct))) Interlocked.Increment(ref checkedIn);
        });
        return new Day(posted, returned, checkedIn, Stopwatch.GetElapsedTime(started));
    }

    public static async Task<(TimeSpan Duration, SegmentRunSummary Summary)> TimeIncrementalAsync(WebApplicationFactory<Program> app)
    {
        var started = Stopwatch.StartNew();
        var summary = await app.Services.GetRequiredService<RecomputeSegments>().HandleIncrementalAsync();
        return (started.Elapsed, summary);
    }

    private static async Task<bool> Accepted(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (DomainException)
        {
            return false; // e.g. a check-in over its daily cap
        }
    }
}
