using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Features.ApiKeys;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Hubs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Loyalty.Bench;

/// <summary>
/// Live leaderboard spectators against the app in its own process (as deployed: published output, Production):
/// server memory per idle spectator, per Blazor circuit (a sample, extrapolated), and how long a committed purchase
/// takes to reach spectators while purchases stream in.
/// </summary>
internal static class SpectatorBenchmark
{
    private const int HotMembers = 40;   // members the load moves: all of them stay inside the 50 rows spectators see
    private const int ProbeCount = 50;   // spectators that time every diff (the official SignalR client)
    private const double TargetKbPerSpectator = 32;
    private const double TargetP99Ms = 300;
    private const int BroadcastIntervalMs = 200; // Tournaments:BroadcastIntervalMs, the app's default

    public static async Task RunAsync(int count, int updatesPerSecond, TimeSpan duration, int circuits)
    {
        Console.WriteLine($"spectators: {count:N0} spectators, {updatesPerSecond:N0} purchases/s for {duration.TotalSeconds:0} s, " +
                          $"{circuits} Blazor circuits as a sample; {Environment.ProcessorCount} cores, client and server on this machine");
        var server = await AppProcess.StartAsync();
        try
        {
            await RunAgainstAsync(server, count, updatesPerSecond, duration, circuits);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task RunAgainstAsync(AppProcess server, int count, int updatesPerSecond, TimeSpan duration, int circuits)
    {
        var (apiKey, tournamentId, members) = await PrepareDatabaseAsync(server.DatabaseFile);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = HotMembers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseAddress,
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var hubUrl = new Uri(server.BaseAddress, LeaderboardHub.Path);

        // Warm-up: JIT of the purchase path and the hub, and the hot members pushed to the top of the board.
        var hot = members.Where((_, i) => i % Math.Max(1, members.Count / HotMembers) == 0).Take(HotMembers).ToArray();
        for (var round = 0; round < 3; round++)
            await Task.WhenAll(hot.Select(m => PostAsync(http, m.MemberNumber, 2_500m, $"warm-{round}")));
        for (var i = 0; i < 20; i++)
        {
            await using var warm = await Probe.ConnectAsync(hubUrl, tournamentId);
        }
        var baseline = await server.SettledRssKbAsync();

        // 1. Idle spectators.
        Console.WriteLine($"  opening {count:N0} spectators ({ProbeCount} of them probes, spread through the opening order) ...");
        var opening = Stopwatch.StartNew();
        var (raw, probes) = await OpenSpectatorsAsync(hubUrl, tournamentId, count);
        Console.WriteLine($"  opened in {opening.Elapsed.TotalSeconds:0.0} s; server threads {server.Threads}, open fds {server.OpenFiles}");
        using var pinging = new CancellationTokenSource();
        var pings = RawSpectator.PingEveryAsync(raw, TimeSpan.FromSeconds(10), pinging.Token);
        var withSpectators = await server.SettledRssKbAsync();
        var kbPerSpectator = (withSpectators - baseline) / (double)count;

        // 2. Blazor circuits, a sample on top of the spectators (deltas only).
        var (kbPerCircuit, circuitsOpened) = await MeasureCircuitsAsync(server, circuits);

        // 3. Latency under load, once the load has run until both processes' JIT has settled (tiered compilation goes on
        // recompiling hot code in the background for tens of seconds, and on 2 cores that takes a large share of the CPU).
        var warmUp = Stopwatch.StartNew();
        for (var slice = 0; ; slice++)
        {
            var (serverJit, localJit) = (server.JitCpuSeconds, System.Runtime.JitInfo.GetCompiledMethodCount());
            await LoadAsync(http, await HotKeysAsync(server.DatabaseFile, tournamentId, hot), updatesPerSecond, TimeSpan.FromSeconds(5));
            var (serverJitUsed, localCompiled) = (server.JitCpuSeconds - serverJit, System.Runtime.JitInfo.GetCompiledMethodCount() - localJit);
            if ((serverJitUsed <= 0.1 && localCompiled < 50) || warmUp.Elapsed > TimeSpan.FromSeconds(120))
            {
                Console.WriteLine($"  warm-up under load: {warmUp.Elapsed.TotalSeconds:0} s (last 5 s: server JIT thread {serverJitUsed:0.00} s CPU, " +
                                  $"{localCompiled} methods compiled here)");
                break;
            }
        }
        var keys = await HotKeysAsync(server.DatabaseFile, tournamentId, hot);
        var topKeys = probes[0].SnapshotKeys;
        var inTop = keys.Values.Count(k => topKeys.Contains(k.Key));
        Console.WriteLine($"  {inTop} of {HotMembers} hot members in the spectators' top rows before the load");
        var probeDiffs0 = probes.Sum(p => p.DiffCount);
        var received0 = RawSpectator.Diffs(raw) + probeDiffs0;
        var cpu0 = server.CpuSeconds;
        var benchCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var load = await LoadAsync(http, keys, updatesPerSecond, duration);
        await Task.Delay(1_000); // the last diffs
        var serverCpu = (server.CpuSeconds - cpu0) / load.Elapsed.TotalSeconds;
        var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu0).TotalSeconds / load.Elapsed.TotalSeconds;
        var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0]; // other work on the machine skews latencies
        var received = RawSpectator.Diffs(raw) + probes.Sum(p => p.DiffCount) - received0;
        var finalScores = await HotKeysAsync(server.DatabaseFile, tournamentId, hot);
        var tracked = finalScores.All(f => f.Value.Score == keys[f.Key].Score);

        var (fromAnswer, fromSend, missed) = Delays(load.Purchases, probes);
        var alive = raw.Count(r => r.Open) + probes.Count(p => p.Open);
        await pinging.CancelAsync();
        await pings;

        Console.WriteLine();
        Console.WriteLine($"spectator benchmark, {Environment.ProcessorCount} cores (server, spectators, browser and load generator share them)");
        Console.WriteLine($"  server RSS: {baseline / 1024.0:N1} MB settled before, {withSpectators / 1024.0:N1} MB with {count:N0} idle spectators subscribed");
        Console.WriteLine($"  memory per idle spectator: {kbPerSpectator:N1} KB  (target <= {TargetKbPerSpectator} KB)");
        if (withSpectators - baseline < 32 * 1024)
            Console.WriteLine("  (a delta under ~32 MB is within the RSS noise of the GC heaps: use several thousand spectators for this figure)");
        if (circuitsOpened > 0)
            Console.WriteLine($"  memory per Blazor circuit (home page, {circuitsOpened} headless Chromium pages, extrapolated): {kbPerCircuit:N0} KB  -> " +
                              $"{count:N0} circuits ~ {kbPerCircuit * count / 1024 / 1024:N1} GB vs {kbPerSpectator * count / 1024 / 1024:N2} GB for {count:N0} spectators " +
                              $"({kbPerCircuit / Math.Max(kbPerSpectator, 0.001):N0}x)");
        Console.WriteLine($"  load: {load.Purchases.Count:N0} purchases answered in {load.Elapsed.TotalSeconds:0.0} s = {load.Purchases.Count / load.Elapsed.TotalSeconds:N0}/s " +
                          $"(asked {updatesPerSecond:N0}/s), {load.Errors} errors, API p50 {Percentile(load.Purchases.Select(p => p.AnswerMs).Order().ToArray(), 0.5):0.0} ms " +
                          $"p99 {Percentile(load.Purchases.Select(p => p.AnswerMs).Order().ToArray(), 0.99):0.0} ms; CPU: server {serverCpu:P0}, " +
                          $"this process (spectators, probes, load) {benchCpu:P0} of one core; " +
                          $"machine load average {loadAverage}");
        Console.WriteLine($"  diffs received: {received:N0} = {received / load.Elapsed.TotalSeconds:N0} messages/s across {count:N0} spectators, " +
                          $"{(probes.Sum(p => p.DiffCount) - probeDiffs0) / (double)probes.Count / load.Elapsed.TotalSeconds:0.00} per spectator per second " +
                          $"(at most {1000.0 / BroadcastIntervalMs:0} with the {BroadcastIntervalMs} ms broadcast interval); " +
                          $"{alive:N0} still connected at the end; score tracking {(tracked ? "matches the database" : "DOES NOT match the database")}");
        Console.WriteLine($"  diff seen by a probe - API answered: p50 {Percentile(fromAnswer, 0.5):0} ms  p99 {Percentile(fromAnswer, 0.99):0} ms  max {fromAnswer.LastOrDefault():0} ms " +
                          $"({fromAnswer.Length:N0} purchase x probe pairs, {missed:N0} never seen)");
        Console.WriteLine($"  diff seen by a probe - request sent:  p50 {Percentile(fromSend, 0.5):0} ms  p99 {Percentile(fromSend, 0.99):0} ms  max {fromSend.LastOrDefault():0} ms");
        Console.WriteLine("verdict:");
        Console.WriteLine($"  memory per spectator <= {TargetKbPerSpectator} KB: {(kbPerSpectator <= TargetKbPerSpectator ? "met" : "NOT met")} ({kbPerSpectator:N1} KB)");
        Console.WriteLine($"  p99 commit -> spectator <= {TargetP99Ms} ms at {updatesPerSecond:N0}/s: " +
                          $"{(Percentile(fromAnswer, 0.99) <= TargetP99Ms && missed == 0 ? "met" : "NOT met")} ({Percentile(fromAnswer, 0.99):0} ms" +
                          $"{(load.Purchases.Count / load.Elapsed.TotalSeconds < updatesPerSecond * 0.95 ? $", but only {load.Purchases.Count / load.Elapsed.TotalSeconds:N0}/s achieved" : "")})");

        foreach (var p in probes) await p.DisposeAsync();
        foreach (var r in raw) r.Dispose();
    }

    private static async Task<(List<RawSpectator> Raw, List<Probe> Probes)> OpenSpectatorsAsync(Uri hubUrl, int tournamentId, int count)
    {
        var probeEvery = Math.Max(1, count / ProbeCount);
        var raw = new ConcurrentBag<RawSpectator>();
        var probes = new ConcurrentBag<Probe>();
        var wsUrl = new UriBuilder(hubUrl) { Scheme = "ws" }.Uri;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            if (i % probeEvery == 0 && probes.Count < ProbeCount) probes.Add(await Probe.ConnectAsync(hubUrl, tournamentId));
            else raw.Add(await RawSpectator.ConnectAsync(wsUrl, tournamentId, ct));
        });
        return (raw.ToList(), probes.ToList());
    }

    private static async Task<(double KbPerCircuit, int Opened)> MeasureCircuitsAsync(AppProcess server, int circuits)
    {
        if (circuits <= 0) return (0, 0);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LOYALTY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), Locale = "en-US" });
        // One page to warm the circuit code paths, left open (it counts neither in the before nor the after figure).
        await OpenCircuitAsync(context);
        var before = await server.SettledRssKbAsync();
        var opened = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, circuits), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
        {
            if (await OpenCircuitAsync(context)) Interlocked.Increment(ref opened);
        });
        var after = await server.SettledRssKbAsync();
        Console.WriteLine($"  {opened} Blazor circuits: server RSS {before / 1024.0:N1} MB -> {after / 1024.0:N1} MB");
        await context.CloseAsync();
        return ((after - before) / (double)Math.Max(1, opened), opened);
    }

    /// <summary>A page load of the home page; true once its circuit's WebSocket has answered the handshake.</summary>
    private static async Task<bool> OpenCircuitAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        try
        {
            var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            page.WebSocket += (_, socket) =>
            {
                if (socket.Url.Contains("/_blazor", StringComparison.Ordinal)) socket.FrameReceived += (_, _) => answered.TrySetResult();
            };
            await page.GotoAsync("/");
            await answered.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private sealed record Sent(long Key, long Score, long SentAt, long AnsweredAt)
    {
        public double AnswerMs => Stopwatch.GetElapsedTime(SentAt, AnsweredAt).TotalMilliseconds;
    }

    private sealed record LoadResult(List<Sent> Purchases, long Errors, TimeSpan Elapsed);

    /// <summary>Paced purchases: each hot member has one request in flight at most, on a fixed schedule (open loop).</summary>
    private static async Task<LoadResult> LoadAsync(HttpClient http, Dictionary<string, Entry> members, int perSecond, TimeSpan duration)
    {
        var interval = members.Count / (double)perSecond; // seconds between two purchases of one member
        var perMember = (int)(duration.TotalSeconds / interval);
        var all = new ConcurrentBag<List<Sent>>();
        long errors = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(members.Select((pair, index) => Task.Run(async () =>
        {
            var (memberNumber, entry) = pair;
            var random = new Random(index);
            var mine = new List<Sent>(perMember);
            for (var n = 0; n < perMember; n++)
            {
                var due = start + (long)((n + index / (double)members.Count) * interval * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var sentAt = Stopwatch.GetTimestamp();
                var receipt = await PostAsync(http, memberNumber, Math.Round(5m + (decimal)random.NextDouble() * 95m, 2), $"load-{index}-{n}");
                var answeredAt = Stopwatch.GetTimestamp();
                if (receipt is null) { Interlocked.Increment(ref errors); continue; }
                entry.Score += receipt.Points;
                mine.Add(new Sent(entry.Key, entry.Score, sentAt, answeredAt));
            }
            all.Add(mine);
        })));
        return new LoadResult(all.SelectMany(l => l).ToList(), errors, Stopwatch.GetElapsedTime(start));
    }

    private static async Task<PurchaseReceipt?> PostAsync(HttpClient http, string memberNumber, decimal amount, string tag)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"externalId":"{{tag}}-{{Guid.NewGuid():N}}","memberNumber":"{{memberNumber}}","amount":{{amount}},"currency":"EUR","storeCode":"riga-central","occurredAt":"{{DateTimeOffset.UtcNow:O}}","items":[{"sku":"sku-1","category":"groceries","quantity":1,"price":{{amount}}}]}""");
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/transactions", content);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PurchaseReceipt>() : null;
    }

    /// <summary>For each purchase and probe: when the probe first saw the member at (at least) the score that purchase made.</summary>
    private static (double[] FromAnswer, double[] FromSend, long Missed) Delays(List<Sent> purchases, List<Probe> probes)
    {
        var fromAnswer = new List<double>(purchases.Count * probes.Count);
        var fromSend = new List<double>(purchases.Count * probes.Count);
        long missed = 0;
        foreach (var probe in probes)
            foreach (var p in purchases)
            {
                if (probe.FirstSeen(p.Key, p.Score) is { } at)
                {
                    fromAnswer.Add(Stopwatch.GetElapsedTime(p.AnsweredAt, at).TotalMilliseconds);
                    fromSend.Add(Stopwatch.GetElapsedTime(p.SentAt, at).TotalMilliseconds);
                }
                else missed++;
            }
        return (fromAnswer.Order().ToArray(), fromSend.Order().ToArray(), missed);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Max(0, Math.Ceiling(p * sorted.Length) - 1))];

    private sealed class Entry(long key, long score)
    {
        public long Key { get; } = key;
        public long Score { get; set; } = score;
    }

    private static async Task<(string ApiKey, int TournamentId, List<(long Id, string MemberNumber)> Members)> PrepareDatabaseAsync(string file)
    {
        await using var db = OpenDatabase(file);
        var (key, plaintext) = ApiKey.Create("spectator bench", ApiScopes.Transactions, DateTimeOffset.UtcNow, "bench");
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        var tournament = await db.Tournaments.Where(t => t.Name == "Autumn Points Race").Select(t => t.Id).SingleAsync();
        var members = await db.Members.OrderBy(m => m.Id).Select(m => new { m.Id, m.MemberNumber }).ToListAsync();
        return (plaintext, tournament, members.Select(m => (m.Id, m.MemberNumber!)).ToList());
    }

    private static async Task<Dictionary<string, Entry>> HotKeysAsync(string file, int tournamentId, (long Id, string MemberNumber)[] hot)
    {
        await using var db = OpenDatabase(file);
        var ids = hot.Select(h => h.Id).ToList();
        var entries = await db.TournamentEntries.AsNoTracking().Where(e => e.TournamentId == tournamentId && ids.Contains(e.MemberId))
            .Select(e => new { e.Id, e.MemberId, e.Score }).ToListAsync();
        return entries.ToDictionary(e => hot.Single(h => h.Id == e.MemberId).MemberNumber, e => new Entry(e.Id, e.Score));
    }

    private static SqliteLoyaltyDbContext OpenDatabase(string file) =>
        new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite($"Data Source={file};Default Timeout=30").Options);
}
