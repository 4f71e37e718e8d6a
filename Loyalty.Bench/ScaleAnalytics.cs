using System.Diagnostics;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Features.Rewards;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Bench;

/// <summary>
/// <c>scale --only analytics-queries</c>: each query the analytics page runs for its default filter (the last 12 months), timed
/// in-process on the 100,000-member copy and on the demo, the median of five calls after a warm-up call each: where the page's
/// time goes. <c>--only profile-analytics</c> prints the members query's database time by statement.
/// </summary>
internal static class ScaleAnalytics
{
    public static async Task RunAsync(string file, string reference, ScaleInProcess.AddFigure add)
    {
        await using var big = ScaleInProcess.Host(file);
        await using var small = ScaleInProcess.Host(reference);
        var filter = AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));
        var queries = new (string Name, Func<IServiceProvider, Task> Call)[]
        {
            ("members (GetMemberAnalytics)", sp => sp.GetRequiredService<GetMemberAnalytics>().HandleAsync(filter)),
            ("points (GetPointsAnalytics)", sp => sp.GetRequiredService<GetPointsAnalytics>().HandleAsync(filter)),
            ("tiers and segments (GetTierAnalytics)", sp => sp.GetRequiredService<GetTierAnalytics>().HandleAsync(filter)),
            ("rewards (GetRewardAnalytics)", sp => sp.GetRequiredService<GetRewardAnalytics>().HandleAsync(filter)),
            ("offers (GetOfferAnalytics)", sp => sp.GetRequiredService<GetOfferAnalytics>().HandleAsync(filter)),
            ("tournaments (GetTournamentAnalytics, stored measurements)", sp => sp.GetRequiredService<GetTournamentAnalytics>().HandleAsync(filter)),
            ("campaigns (GetCampaignResults.ForWindowAsync, stored measurements)", sp =>
                sp.GetRequiredService<GetCampaignResults>().ForWindowAsync(filter.Window.Start, filter.Window.End)),
        };
        // What the app's job does at start and every 5 minutes, so that the page's campaigns section only reads (docs/campaigns.md).
        var refresh = await TimedAsync(big, MeasureAsync);
        var refreshReference = await TimedAsync(small, MeasureAsync);
        add("campaign and tournament measurements (the job's pass: every one started and not final, measured and stored)", "", $"{refresh:N0} ms",
            $"{refreshReference:N0} ms (demo)", $"{refresh / Math.Max(refreshReference, 0.1):N0}×", "analytics-queries");
        foreach (var (name, call) in queries)
        {
            var measured = await MedianAsync(big, call);
            var referenceMs = await MedianAsync(small, call);
            add($"analytics query: {name}, default filter, in-process", "page ≤ 200 ms", $"{measured:N0} ms", $"{referenceMs:N0} ms (demo)",
                $"{measured / Math.Max(referenceMs, 0.1):N0}×", "analytics-queries");
        }
    }

    private static async Task MeasureAsync(IServiceProvider sp)
    {
        await sp.GetRequiredService<RefreshCampaignResults>().HandleAsync();
        await sp.GetRequiredService<RefreshTournamentSpend>().HandleAsync();
    }

    private static async Task<double> TimedAsync(WebApplicationFactory<Program> app, Func<IServiceProvider, Task> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var t0 = Stopwatch.GetTimestamp();
        await call(scope.ServiceProvider);
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    }

    /// <summary>The median of five calls after a warm-up: the app's own start-up work on the copy runs beside the first ones.</summary>
    private static async Task<double> MedianAsync(WebApplicationFactory<Program> app, Func<IServiceProvider, Task> call)
    {
        await TimedAsync(app, call);
        var times = new List<double>();
        for (var i = 0; i < 5; i++) times.Add(await TimedAsync(app, call));
        return times.Order().ElementAt(2);
    }

    /// <summary>The members query (the section's largest) three times with EF Core's command log: its database time by statement.</summary>
    public static async Task ProfileMembersAsync(string file)
    {
        var timings = new SqlTimings();
        await using var app = ScaleInProcess.Host(file, timings);
        var filter = AnalyticsFilter.Default(DateOnly.FromDateTime(DateTime.UtcNow));
        Func<IServiceProvider, Task> members = sp => sp.GetRequiredService<GetMemberAnalytics>().HandleAsync(filter);
        await TimedAsync(app, members);
        timings.Clear();
        var total = 0.0;
        for (var i = 0; i < 3; i++) total += await TimedAsync(app, members);
        Console.WriteLine($"  members analytics query, 3 calls: {total:N0} ms in all; load {DataGenerator.Load()}");
        timings.Print(TimeSpan.FromMilliseconds(total));
    }
}
