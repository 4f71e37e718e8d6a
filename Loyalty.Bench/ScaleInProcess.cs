using System.Diagnostics;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Activity;
using Loyalty.Web.Features.Campaigns;
using Loyalty.Web.Features.Dashboard;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Segments;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Bench;

/// <summary>
/// What the scale benchmark measures in its own process, with the app's services (WebApplicationFactory, Production, its
/// scheduled jobs off) on a copy of the database: the jobs' durations (segments recompute; points maintenance = expiry + tier
/// review, what is due today), and the server time of the use cases behind the pages whose data loads over the circuit (the
/// admin's member search, the activity table) and of the dashboard's query. The same on the demo database is the reference.
/// </summary>
internal static class ScaleInProcess
{
    private static readonly string[] SearchTerms = ["LY-0123", "LY-05", "Aysel", "Ali K.", "m004217@", "bench.loyalty", "Riga", "zzz-nobody"];

    public delegate void AddFigure(string name, string target, string measured, string reference, string ratio, string only);

    /// <summary>The segments recompute with the time of each database command summed by statement (<see cref="SqlTimings"/>).</summary>
    public static async Task ProfileSegmentsAsync(string file)
    {
        var timings = new SqlTimings();
        var clock = new ShiftedClock();
        await using var app = Host(file, timings, clock);
        // Started right after the host, as --only jobs times it: the host's start-up commands are in the log too.
        using var steps = new SegmentSteps();
        Console.WriteLine("  full run starts");
        var (duration, members) = await TimeSegmentsAsync(app);
        Console.WriteLine($"  segments recompute, {members:N0} members, with EF Core's command log: {duration.TotalSeconds:N1} s; load {DataGenerator.Load()}");
        timings.Print(duration);
        steps.Print();
        var day = await ScaleSegmentsDay.SimulateAsync(app, clock);
        timings.Clear();
        steps.Clear();
        var (incremental, summary) = await ScaleSegmentsDay.TimeIncrementalAsync(app);
        Console.WriteLine($"  incremental run after a day ({day.Purchases:N0} purchases, {day.Returns:N0} returns, {day.CheckIns:N0} check-ins), " +
                          $"{summary.Read:N0} of {summary.Members:N0} members read, full: {summary.Full}, with EF Core's command log: {incremental.TotalSeconds:N1} s; load {DataGenerator.Load()}");
        timings.Print(incremental);
        steps.Print();
        var search = app.Services.GetRequiredService<SearchMembers>();
        await search.HandleAsync("warm", 0, 25);
        foreach (var term in new[] { "Aysel", "LY-05" })
        {
            timings.Clear();
            var started = Stopwatch.StartNew();
            await search.HandleAsync(term, 0, 25);
            Console.WriteLine($"  member search '{term}' with EF Core's command log: {started.Elapsed.TotalMilliseconds:N0} ms");
            timings.Print(started.Elapsed);
        }
    }

    /// <summary>
    /// The points maintenance with the time of each database command summed by statement (<see cref="SqlTimings"/>) and the
    /// ledger writer's transactions (how many, their changes, their time from begin to commit: waits for the write lock included).
    /// </summary>
    public static async Task ProfileMaintenanceAsync(string file)
    {
        var timings = new SqlTimings();
        await using var app = Host(file, timings);
        using var writer = new WriterTransactions();
        var (duration, report) = await TimeMaintenanceAsync(app);
        Console.WriteLine($"  points maintenance with EF Core's command log: {duration.TotalSeconds:N1} s; {report.MembersExpired:N0} members' points expired, " +
                          $"{report.TiersReviewed:N0} tier reviews; load {DataGenerator.Load()}");
        writer.Print();
        timings.Print(duration);
        timings.Clear();
        writer.Clear();
        var (again, _) = await TimeMaintenanceAsync(app);
        Console.WriteLine($"  again, nothing due: {again.TotalSeconds:N2} s");
        writer.Print();
        timings.Print(again);
    }

    /// <summary>The ledger writer's transactions, read from its instruments (LoyaltyMetrics).</summary>
    private sealed class WriterTransactions : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private long _transactions, _changes;
        private double _seconds;

        public WriterTransactions()
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Loyalty.Web.Diagnostics.LoyaltyMetrics.MeterName
                    && instrument.Name is "loyalty.ledger.batch.size" or "loyalty.ledger.commit.duration")
                    l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((_, changes, _, _) => Interlocked.Add(ref _changes, changes));
            _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
            {
                Interlocked.Increment(ref _transactions);
                lock (_listener) _seconds += seconds;
            });
            _listener.Start();
        }

        public void Clear()
        {
            Interlocked.Exchange(ref _transactions, 0);
            Interlocked.Exchange(ref _changes, 0);
            lock (_listener) _seconds = 0;
        }

        public void Print()
        {
            double seconds;
            lock (_listener) seconds = _seconds;
            Console.WriteLine($"    ledger writer: {Interlocked.Read(ref _transactions):N0} transactions, {Interlocked.Read(ref _changes):N0} changes, " +
                              $"{seconds:N1} s from begin to commit");
        }

        public void Dispose() => _listener.Dispose();
    }

    public static async Task RunAsync(string file, string reference, bool jobs, bool useCases, AddFigure add)
    {
        var clock = new ShiftedClock();
        await using var big = Host(file, clock: clock);
        await using var small = Host(reference);
        if (jobs)
        {
            var (segments, segmentMembers) = await TimeSegmentsAsync(big);
            var (segmentsRef, refMembers) = await TimeSegmentsAsync(small);
            add($"segments recompute, {segmentMembers:N0} members", "≤ 10 s", $"{segments.TotalSeconds:N1} s",
                $"{segmentsRef.TotalSeconds:N2} s ({refMembers} demo members)", $"{segments / segmentsRef:N0}×", "jobs");
            var (maintenance, report) = await TimeMaintenanceAsync(big);
            var (maintenanceRef, reportRef) = await TimeMaintenanceAsync(small);
            var changed = Math.Max(1, report.MembersExpired + report.TiersReviewed);
            add($"expiry + tier review (points maintenance), {segmentMembers:N0} members, a day's backlog: {report.MembersExpired:N0} members' points expired, {report.TiersReviewed:N0} tier reviews",
                "≤ 30 s", $"{maintenance.TotalSeconds:N1} s ({maintenance.TotalMilliseconds / changed:N0} ms per member changed)",
                $"{maintenanceRef.TotalSeconds:N2} s (demo: {reportRef.MembersExpired} expired, {reportRef.TiersReviewed} reviews)", $"{maintenance / maintenanceRef:N0}×", "jobs");
            // Again, nothing due: the cost of looking.
            var (again, _) = await TimeMaintenanceAsync(big);
            add("points maintenance again, nothing due (the cost of looking, every 15 min)", "", $"{again.TotalSeconds:N2} s", "", "", "jobs");
            // Last: the day it lets pass would change what the maintenance finds due.
            var day = await ScaleSegmentsDay.SimulateAsync(big, clock);
            var (incremental, summary) = await ScaleSegmentsDay.TimeIncrementalAsync(big);
            add($"segments recompute, incremental, 23 h later after {day.Purchases:N0} purchases, {day.Returns:N0} returns, {day.CheckIns:N0} check-ins " +
                $"(posted in {day.Posting.TotalSeconds:N0} s): {summary.Read:N0} of {summary.Members:N0} members read{(summary.Full ? " (ran full!)" : "")}",
                "≤ 10 s", $"{incremental.TotalSeconds:N1} s", "", $"{incremental / segments:P0} of the full run", "jobs");
        }
        if (!useCases) return;

        var search = await TimeAsync(big, 3, async sp =>
        {
            var query = sp.GetRequiredService<SearchMembers>();
            foreach (var term in SearchTerms) await query.HandleAsync(term, 0, 25);
        }, SearchTerms.Length);
        var searchRef = await TimeAsync(small, 3, async sp =>
        {
            var query = sp.GetRequiredService<SearchMembers>();
            foreach (var term in SearchTerms) await query.HandleAsync(term, 0, 25);
        }, SearchTerms.Length);
        add($"admin member search p95, server time of the use case in-process ({string.Join(", ", SearchTerms.Select(t => $"'{t}'"))}; first page of 25 and the total)",
            "≤ 50 ms", P95(search), P95(searchRef), Ratio(search, searchRef), "usecases");
        foreach (var (term, ms) in await EachTermAsync(big)) Console.WriteLine($"    search '{term}': {Ms(ms)}");

        var (bigMembers, smallMembers) = (await MembersAsync(big), await MembersAsync(small));
        var random = new Random(17);
        var ledger = await TimeAsync(big, 40, sp => sp.GetRequiredService<GetLedgerPage>().HandleAsync(
            bigMembers[random.Next(bigMembers.Count)].Id, new LedgerFilter(), 0, 25), 1);
        var ledgerRef = await TimeAsync(small, 40, sp => sp.GetRequiredService<GetLedgerPage>().HandleAsync(
            smallMembers[random.Next(smallMembers.Count)].Id, new LedgerFilter(), 0, 25), 1);
        add("activity table (GetLedgerPage, first page of 25) p95, server time in-process, random members", "≤ 50 ms", P95(ledger), P95(ledgerRef),
            Ratio(ledger, ledgerRef), "usecases");
        var dashboard = await TimeAsync(big, 40, sp => sp.GetRequiredService<GetMemberDashboard>().HandleAsync(bigMembers[random.Next(bigMembers.Count)].UserId), 1);
        var dashboardRef = await TimeAsync(small, 40, sp => sp.GetRequiredService<GetMemberDashboard>().HandleAsync(smallMembers[random.Next(smallMembers.Count)].UserId), 1);
        add("dashboard query (GetMemberDashboard) p95, server time in-process, random members", "≤ 50 ms", P95(dashboard), P95(dashboardRef),
            Ratio(dashboard, dashboardRef), "usecases");
    }

    private static async Task<List<(string Term, double Ms)>> EachTermAsync(WebApplicationFactory<Program> app)
    {
        var query = app.Services.GetRequiredService<SearchMembers>();
        var result = new List<(string, double)>();
        foreach (var term in SearchTerms)
        {
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await query.HandleAsync(term, 0, 25);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            result.Add((term, times.Order().ElementAt(1)));
        }
        return result;
    }

    private static async Task<List<(long Id, string UserId)>> MembersAsync(WebApplicationFactory<Program> app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return (await db.Members.AsNoTracking().Where(m => m.UserId != null).Select(m => new { m.Id, m.UserId }).ToListAsync())
            .ConvertAll(m => (m.Id, m.UserId!));
    }

    internal static async Task<(TimeSpan, int)> TimeSegmentsAsync(WebApplicationFactory<Program> app)
    {
        var started = Stopwatch.StartNew();
        var summary = await app.Services.GetRequiredService<RecomputeSegments>().HandleAsync();
        return (started.Elapsed, summary.Members);
    }

    internal static async Task<(TimeSpan, MaintenanceReport)> TimeMaintenanceAsync(WebApplicationFactory<Program> app)
    {
        var started = Stopwatch.StartNew();
        var report = await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync();
        return (started.Elapsed, report);
    }

    /// <summary>Times <paramref name="rounds"/> calls (after 3 unmeasured), per operation when one call makes several.</summary>
    private static async Task<List<double>> TimeAsync(WebApplicationFactory<Program> app, int rounds, Func<IServiceProvider, Task> call, int perCall)
    {
        for (var i = 0; i < 3; i++) await call(app.Services);
        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await call(app.Services);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds / perCall);
        }
        times.Sort();
        return times;
    }

    private static string P95(List<double> sorted) => $"p95 {Ms(ScaleBenchmark.Percentile(sorted, 0.95))} (p50 {Ms(ScaleBenchmark.Percentile(sorted, 0.5))})";
    private static string Ratio(List<double> a, List<double> b) => $"{ScaleBenchmark.Percentile(a, 0.95) / ScaleBenchmark.Percentile(b, 0.95):N1}×";
    private static string Ms(double ms) => ScaleBenchmark.Ms(ms);

    /// <summary>
    /// A running program's state before an out-of-process run: segments computed, expiry and tier reviews caught up, campaigns
    /// and tournaments measured for the analytics page. Otherwise the app does all of it when it starts (a never-segmented
    /// program; the generator's day of backlog), sharing the SQLite writer and the cores with what is being measured.
    /// </summary>
    internal static async Task SettleAsync(string file)
    {
        await using var app = Host(file);
        var (segments, _) = await TimeSegmentsAsync(app);
        var (maintenance, _) = await TimeMaintenanceAsync(app);
        var started = Stopwatch.GetTimestamp();
        await app.Services.GetRequiredService<RefreshCampaignResults>().HandleAsync();
        await app.Services.GetRequiredService<RefreshTournamentSpend>().HandleAsync();
        var measurements = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  settled before the run: segments {segments.TotalSeconds:N0} s, points maintenance {maintenance.TotalSeconds:N0} s, " +
            $"campaign and tournament measurements {measurements.TotalSeconds:N1} s; load {DataGenerator.Load()}");
    }

    internal static WebApplicationFactory<Program> Host(string file, SqlTimings? timings = null, ShiftedClock? clock = null)
    {
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            if (clock is not null) b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
            if (timings is not null)
                b.ConfigureLogging(l => l.AddProvider(timings).AddFilter<SqlTimings>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information));
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={file}",
                ["Seed:Demo"] = "false",
                ["App:PublicBaseUrl"] = "http://127.0.0.1/",
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:FromAddress"] = "bench@loyalty.local",
                ["Seed:AdminEmail"] = AppProcess.AdminEmail,
                ["Seed:AdminPassword"] = AppProcess.AdminPassword,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Loyalty"] = "Warning",
                ["Points:MaintenanceIntervalMinutes"] = "0", // run here, timed
                ["Segments:RefreshIntervalMinutes"] = "0",
                ["Analytics:MeasurementsRefreshMinutes"] = "0", // measured here (analytics-queries), timed
                ["Demo:SimulateActivity"] = "false",
                ["Logging:LogLevel:Loyalty.Web.Jobs.MailDispatcher"] = "Error", // nothing is mailed: no relay listens
            }));
        });
        _ = app.Services; // starts the host: migrations (none due), the ledger writer
        return app;
    }
}
