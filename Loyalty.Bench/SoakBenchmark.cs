using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Bench;

/// <summary>
/// A mixed-load soak against the published app in its own process (Production, demo data): members browsing in headless
/// Chromium, spectators on the live tournament board, tills posting purchases and partial returns, for some minutes. Errors
/// of every kind are counted (target 0), latencies per kind after the warm-up, and the server's memory is sampled every
/// 10 s: a leak shows as a slope after the warm-up.
/// </summary>
internal static partial class SoakBenchmark
{
    private const int ProbeCount = 10;            // spectators with the official SignalR client, timing every diff
    private const double PurchasesPerSecondPerTill = 4;
    private const int ReturnEvery = 5;           // every 5th purchase of an ordinary member is partly refunded
    private const int HotEvery = 4;              // every 4th purchase of a till is for its tournament member, timed to the spectators
    private const double SlopeThresholdMbPerMinute = 3;
    private const double KbPerCircuit = 1_317;   // measured by the spectators benchmark (README), for the threshold's meaning
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(int minutes, int memberCount, int spectatorCount, int tills)
    {
        var duration = TimeSpan.FromMinutes(minutes);
        // 2 min for the 10-minute soak, a fifth of longer ones (on a busy machine the server's JIT and the GC's sizing take longer).
        var warmUp = TimeSpan.FromMinutes(minutes >= 10 ? minutes / 5.0 : minutes >= 5 ? 2 : minutes / 3.0);
        var loadBefore = LoadAverage();
        Console.WriteLine($"soak: {minutes} min, {memberCount} members in Chromium, {spectatorCount} spectators, {tills} tills " +
                          $"({PurchasesPerSecondPerTill}/s each, every {ReturnEvery}th ordinary purchase partly returned); warm-up {warmUp.TotalMinutes:0.#} min; " +
                          $"{Environment.ProcessorCount} cores shared by server, browser and load; load average before: {loadBefore}");
        // Production limits except where this load trips them by design: every member signs in from loopback within a minute,
        // and every spectator connects from loopback (AppProcess lifts LiveBoards:MaxConnectionsPerIp for that reason).
        var signInPerMinute = Math.Max(10, memberCount * 2);
        Console.WriteLine($"  limits as in production except: RateLimits:SignInPerMinute {signInPerMinute} (default 10 per address; all members sign in " +
                          "from 127.0.0.1), LiveBoards:MaxConnectionsPerIp 0 (default 20; all spectators come from 127.0.0.1); API keys: one per till " +
                          "at the default 600 requests/min");
        await using var app = await AppProcess.StartAsync(
            new Dictionary<string, string> { ["RateLimits__SignInPerMinute"] = signInPerMinute.ToString(CultureInfo.InvariantCulture) },
            port: FreePortIn(5300, 5399));
        var setup = await PrepareAsync(app.DatabaseFile, memberCount, tills);

        var started = DateTime.UtcNow;
        var until = started + duration;
        var measuringFrom = started + warmUp;
        bool Measuring() => DateTime.UtcNow >= measuringFrom;

        // Spectators first, so their board has watchers when the tills start.
        var hubUrl = new Uri(app.BaseAddress, LeaderboardHub.Path);
        var (raw, probes) = await OpenSpectatorsAsync(hubUrl, setup.TournamentId, spectatorCount);
        using var stop = new CancellationTokenSource();
        var pings = RawSpectator.PingEveryAsync(raw, TimeSpan.FromSeconds(10), stop.Token);
        Console.WriteLine($"  {raw.Count + probes.Count} spectators subscribed to tournament {setup.TournamentId}");

        var samples = new List<Sample>();
        var sampler = SampleAsync(app, samples, started, stop.Token);
        var members = new SoakMembers();
        // The browser calls the app "localhost", as members call it by its name: on an IP address the sign-in page's passkey
        // script fails with "SecurityError: This is an invalid domain" (WebAuthn needs a domain), a console error no member sees.
        var browsing = members.RunAsync(new UriBuilder(app.BaseAddress) { Host = "localhost" }.Uri, setup.MemberEmails, SeedOptions.DemoMemberPassword, until, Measuring);
        var tillResults = await Task.WhenAll(Enumerable.Range(0, tills).Select(t => TillAsync(app.BaseAddress, setup, t, tills, until, Measuring)));
        await browsing;
        await Task.Delay(1_000); // the last diffs
        var spectatorsOpen = raw.Count(r => r.Open) + probes.Count(p => p.Open);
        await stop.CancelAsync();
        await sampler;
        await pings;
        var loadAfter = LoadAverage();

        var hot = tillResults.SelectMany(r => r.Hot).ToList();
        var (diffMs, missed) = Delays(hot, probes);
        var purchaseMs = tillResults.SelectMany(r => r.PurchaseMs).Order().ToArray();
        var returnMs = tillResults.SelectMany(r => r.ReturnMs).Order().ToArray();
        var navigationMs = members.Navigations.Select(n => n.Ms).Order().ToArray();
        var purchaseErrors = tillResults.Sum(r => r.PurchaseErrors);
        var returnErrors = tillResults.Sum(r => r.ReturnErrors);
        var spectatorErrors = spectatorCount - spectatorsOpen + missed;
        var errors = members.Errors + purchaseErrors + returnErrors + spectatorErrors;

        Console.WriteLine();
        Console.WriteLine($"soak, {minutes} min, {Environment.ProcessorCount} cores; load average before {loadBefore}, after {loadAfter}");
        Console.WriteLine($"  latencies after the {warmUp.TotalMinutes:0.#} min warm-up (errors over the whole run):");
        Console.WriteLine("  kind                  count   errors    p50 ms    p95 ms    p99 ms");
        Row("page navigation", navigationMs, members.Errors);
        foreach (var group in members.Navigations.GroupBy(n => n.Page))
            Row($"  {group.Key}", group.Select(n => n.Ms).Order().ToArray(), null);
        Row("spectator diff", diffMs, spectatorErrors);
        Row("purchase", purchaseMs, purchaseErrors);
        Row("return", returnMs, returnErrors);
        Console.WriteLine($"  (page navigation: a full load of /dashboard until its content is shown and its circuit connected ({members.FullLoads} full loads, " +
                          "a new circuit each), the others by the menu until the new page's content is shown; spectator diff: a till's purchase " +
                          $"answered -> the new score seen by each of {probes.Count} probe spectators; spectator errors: {spectatorCount - spectatorsOpen} " +
                          $"connections lost, {missed} scores never seen)");
        foreach (var sample in members.ErrorSamples.Concat(tillResults.SelectMany(r => r.ErrorSamples)).Take(15))
            Console.WriteLine($"  error: {sample}");

        Console.WriteLine("  server memory every 10 s (RSS from /proc; the GC's figures from its /metrics: memory committed, heap after the last collection");
        Console.WriteLine("  and its gen2+LOH+POH part; native = RSS - GC committed):");
        Console.WriteLine("    min   RSS MB  committed  native MB   heap MB   gen2+ MB  SQLite MB  full GCs   CPU %   load");
        foreach (var s in samples.Where((_, i) => i % 3 == 0 || i == samples.Count - 1))
            Console.WriteLine($"  {s.Minutes,5:0.0} {s.RssMb,8:0.0} {s.CommittedMb,10:0.0} {s.NativeMb,10:0.0} {s.HeapMb,9:0.0} {s.OldMb,10:0.0} {s.SqliteMb,10:0.0} {s.FullGcs,9} " +
                              $"{s.CpuPercent,7:0} {s.Load,6}");
        var after = samples.Where(s => s.Minutes >= warmUp.TotalMinutes).ToList();
        // What survives a full collection: gen2+LOH+POH at the first sample after each gen2 collection. Between full collections
        // gen2 also holds dead objects promoted since the last one, so its size rises and falls whatever the program keeps.
        var floors = after.Where((s, i) => i > 0 && s.FullGcs > after[i - 1].FullGcs).ToList();
        if (after.Count < 6 || floors.Count < 3)
        {
            Console.WriteLine($"  too few samples after the warm-up for slopes ({after.Count} samples, {floors.Count} after a full collection): run longer");
            return 1;
        }
        var (atWarm, last) = (after[0], after[^1]);
        var rss = Slope(after, s => s.RssMb);
        var committed = Slope(after, s => s.CommittedMb);
        var native = Slope(after, s => s.NativeMb);
        var live = Slope(floors, s => s.OldMb);
        var halves = after.Chunk((after.Count + 1) / 2).ToArray();
        var floorHalves = floors.Chunk((floors.Count + 1) / 2).ToArray();
        Console.WriteLine($"  at the end of the warm-up: RSS {atWarm.RssMb:0.0} MB (GC committed {atWarm.CommittedMb:0.0}, native {atWarm.NativeMb:0.0}); " +
                          $"at the end: RSS {last.RssMb:0.0} MB (GC committed {last.CommittedMb:0.0}, native {last.NativeMb:0.0}); " +
                          $"gen2+LOH+POH after a full collection {floors[0].OldMb:0.0} -> {floors[^1].OldMb:0.0} MB ({floors.Count} full collections sampled)");
        Console.WriteLine($"  slopes after the warm-up (least squares, ± one standard error): RSS {Fmt(rss)}, of it GC committed {Fmt(committed)} and native {Fmt(native)}; " +
                          $"heap surviving full collections {Fmt(live)}; of native, SQLite's own allocations {Fmt(Slope(after, s => s.SqliteMb))}");
        Console.WriteLine($"  reference, the same run's halves: RSS {Slope(halves[0], s => s.RssMb).Slope:+0.00;-0.00} then {Slope(halves[1], s => s.RssMb).Slope:+0.00;-0.00}, " +
                          $"native {Slope(halves[0], s => s.NativeMb).Slope:+0.00;-0.00} then {Slope(halves[1], s => s.NativeMb).Slope:+0.00;-0.00}, " +
                          $"surviving heap {Halves(floorHalves)} MB/min " +
                          "(a leak grows in both halves; warm-up left-overs only in the first)");
        var measuredMinutes = (until - measuringFrom).TotalMinutes;
        var loadsPerMinute = members.FullLoads / (until - started).TotalMinutes;
        var writesPerMinute = (purchaseMs.Length + returnMs.Length) / measuredMinutes;
        Console.WriteLine($"  threshold {SlopeThresholdMbPerMinute} MB/min for the surviving heap and for native memory: a circuit kept per full page load " +
                          $"(~{KbPerCircuit / 1024:0.0} MB each, {loadsPerMinute:0} loads/min) would grow {loadsPerMinute * KbPerCircuit / 1024:0} MB/min, " +
                          $"1 KB kept per purchase or return ({writesPerMinute:0}/min) {writesPerMinute / 1024:0.0} MB/min; the GC's committed memory is " +
                          "not a leak by itself (it follows the allocation rate and is given back under memory pressure), so RSS is shown, not judged");
        var flat = live.Slope <= SlopeThresholdMbPerMinute && native.Slope <= SlopeThresholdMbPerMinute;
        Console.WriteLine($"verdict: {errors} errors (target 0): {(errors == 0 ? "met" : "NOT met")}; memory flat after warm-up (surviving heap " +
                          $"{live.Slope:+0.00;-0.00}, native {native.Slope:+0.00;-0.00} MB/min, target <= {SlopeThresholdMbPerMinute}): {(flat ? "met" : "NOT met")} " +
                          $"(RSS {rss.Slope:+0.00;-0.00} MB/min)");
        foreach (var p in probes) await p.DisposeAsync();
        foreach (var r in raw) r.Dispose();
        return errors == 0 && flat ? 0 : 1;
    }

    private static void Row(string kind, double[] sorted, long? errors) =>
        Console.WriteLine($"  {kind,-18} {sorted.Length,8:N0} {(errors?.ToString("N0", CultureInfo.InvariantCulture) ?? ""),8} " +
                          $"{Percentile(sorted, 0.5),9:0.0} {Percentile(sorted, 0.95),9:0.0} {Percentile(sorted, 0.99),9:0.0}");

    private sealed record Setup(int TournamentId, string[] ApiKeys, string[] Ordinary, (string MemberNumber, long EntryId, long Score)[] Hot,
        IReadOnlyList<string> MemberEmails);

    /// <summary>
    /// Straight into the database before the load: a key per till, the tournament's entrants the tills time (one per till, pushed
    /// into the rows spectators see by large purchases at the start), and a password for the demo members who browse.
    /// </summary>
    private static async Task<Setup> PrepareAsync(string file, int memberCount, int tills)
    {
        await using var db = OpenDatabase(file);
        var keys = new string[tills];
        for (var t = 0; t < tills; t++)
        {
            var (key, plaintext) = ApiKey.Create($"soak till {t + 1}", ApiScopes.Transactions, DateTimeOffset.UtcNow, "bench");
            db.ApiKeys.Add(key);
            keys[t] = plaintext;
        }
        await db.SaveChangesAsync();
        var tournament = await db.Tournaments.Where(t => t.Name == "Autumn Points Race").Select(t => t.Id).SingleAsync();
        var entrants = await db.TournamentEntries.AsNoTracking().Where(e => e.TournamentId == tournament).OrderBy(e => e.MemberId)
            .Select(e => new { e.Id, e.MemberId, e.Score }).ToListAsync();
        var numbers = await db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.MemberNumber }).ToListAsync();
        var hot = entrants.Where((_, i) => i % Math.Max(1, entrants.Count / tills) == 0).Take(tills)
            .Select(e => (numbers.Single(n => n.Id == e.MemberId).MemberNumber!, e.Id, e.Score)).ToArray();
        var hotNumbers = hot.Select(h => h.Item1).ToHashSet();
        var ordinary = numbers.Select(n => n.MemberNumber!).Where(n => !hotNumbers.Contains(n)).ToArray();

        // The demo members other than the demo login have no password: give the browsing ones the demo password.
        var emails = Enumerable.Range(1, memberCount).Select(i => $"member{i:D3}@demo.loyalty.local").ToList();
        var hasher = new PasswordHasher<ApplicationUser>();
        foreach (var email in emails)
        {
            var hash = hasher.HashPassword(new ApplicationUser(), SeedOptions.DemoMemberPassword);
            var changed = await db.Database.ExecuteSqlAsync($"UPDATE AspNetUsers SET PasswordHash = {hash} WHERE NormalizedEmail = {email.ToUpperInvariant()}");
            if (changed != 1) throw new InvalidOperationException($"No demo member {email} (the demo has 199 besides the demo login).");
        }
        if (hot.Length < tills) throw new InvalidOperationException($"Only {hot.Length} tournament entrants for {tills} tills.");
        return new Setup(tournament, keys, ordinary, hot, emails);
    }

    private sealed record Sent(long EntryId, long Score, long AnsweredAt);

    private sealed record TillResult(List<double> PurchaseMs, List<double> ReturnMs, long PurchaseErrors, long ReturnErrors, List<Sent> Hot,
        List<string> ErrorSamples);

    /// <summary>
    /// One till: purchases on a fixed schedule (if it falls behind it sends at once, never two at a time), every 4th for its own
    /// tournament entrant (never refunded, so that entrant's score only grows and each new score can be timed to the spectators),
    /// the others for random members, every 5th of those refunded 30 % right after it was answered.
    /// </summary>
    private static async Task<TillResult> TillAsync(Uri baseAddress, Setup setup, int till, int tills, DateTime until, Func<bool> measuring)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", setup.ApiKeys[till]);
        var random = new Random(1_000 + till);
        var result = new TillResult([], [], 0, 0, [], []);
        long purchaseErrors = 0, returnErrors = 0;
        var (hotNumber, entryId, score) = setup.Hot[till];
        var interval = 1 / PurchasesPerSecondPerTill;
        var start = Stopwatch.GetTimestamp() + (long)(till / (double)tills * interval * Stopwatch.Frequency);

        // Into the board's visible rows first (3 x 2,500 EUR), as the spectators benchmark does.
        for (var i = 0; i < 3; i++)
            if (await PurchaseAsync(http, hotNumber, 2_500m, $"soak-push-{till}-{i}") is { Receipt: { } pushed }) score += pushed.Points;

        for (var n = 0; DateTime.UtcNow < until; n++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(n * interval * Stopwatch.Frequency));
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var isHot = n % HotEvery == 0;
            var member = isHot ? hotNumber : setup.Ordinary[random.Next(setup.Ordinary.Length)];
            var amount = Math.Round(5m + (decimal)random.NextDouble() * 95m, 2);
            var externalId = $"soak-{till}-{n}";
            var purchase = await PurchaseAsync(http, member, amount, externalId);
            if (purchase.Receipt is null)
            {
                purchaseErrors++;
                if (result.ErrorSamples.Count < 5) result.ErrorSamples.Add($"till {till + 1}: purchase {externalId}: {purchase.Error}");
                continue;
            }
            if (measuring()) result.PurchaseMs.Add(purchase.Ms);
            if (isHot)
            {
                score += purchase.Receipt.Points;
                if (purchase.Receipt.Points > 0 && measuring()) result.Hot.Add(new Sent(entryId, score, purchase.AnsweredAt));
            }
            else if (n % ReturnEvery == 1)
            {
                var refund = await ReturnAsync(http, externalId, Math.Round(amount * 0.3m, 2));
                if (refund.Error is not null)
                {
                    returnErrors++;
                    if (result.ErrorSamples.Count < 5) result.ErrorSamples.Add($"till {till + 1}: return of {externalId}: {refund.Error}");
                }
                else if (measuring()) result.ReturnMs.Add(refund.Ms);
            }
        }
        return result with { PurchaseErrors = purchaseErrors, ReturnErrors = returnErrors };
    }

    private static async Task<(PurchaseReceipt? Receipt, double Ms, long AnsweredAt, string? Error)> PurchaseAsync(
        HttpClient http, string memberNumber, decimal amount, string externalId)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"externalId":"{{externalId}}","memberNumber":"{{memberNumber}}","amount":{{amount}},"currency":"EUR","storeCode":"riga-central","occurredAt":"{{DateTimeOffset.UtcNow:O}}","items":[{"sku":"sku-1","category":"groceries","quantity":1,"price":{{amount}}}]}""");
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/v1/transactions", content);
            var answered = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
                return (null, 0, answered, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<PurchaseReceipt>(), Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds, answered, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, 0, 0, ex.Message);
        }
    }

    private static async Task<(double Ms, string? Error)> ReturnAsync(HttpClient http, string externalId, decimal amount)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"returnId":"r-{{externalId}}","amount":{{amount}},"occurredAt":"{{DateTimeOffset.UtcNow:O}}"}""");
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync($"/api/v1/transactions/{externalId}/returns", content);
            var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            return response.IsSuccessStatusCode ? (ms, null) : (ms, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.Message);
        }
    }

    private static async Task<(List<RawSpectator> Raw, List<Probe> Probes)> OpenSpectatorsAsync(Uri hubUrl, int tournamentId, int count)
    {
        var probes = new List<Probe>();
        for (var i = 0; i < Math.Min(ProbeCount, count); i++) probes.Add(await Probe.ConnectAsync(hubUrl, tournamentId));
        var raw = new ConcurrentBag<RawSpectator>();
        var wsUrl = new UriBuilder(hubUrl) { Scheme = "ws" }.Uri;
        await Parallel.ForEachAsync(Enumerable.Range(0, count - probes.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, ct) => raw.Add(await RawSpectator.ConnectAsync(wsUrl, tournamentId, ct)));
        return (raw.ToList(), probes);
    }

    /// <summary>For each timed purchase and probe: from the API's answer until the probe saw the entrant at (at least) the new score.</summary>
    private static (double[] Ms, long Missed) Delays(List<Sent> purchases, List<Probe> probes)
    {
        var ms = new List<double>(purchases.Count * probes.Count);
        long missed = 0;
        foreach (var probe in probes)
            foreach (var p in purchases)
                if (probe.FirstSeen(p.EntryId, p.Score) is { } at) ms.Add(Stopwatch.GetElapsedTime(p.AnsweredAt, at).TotalMilliseconds);
                else missed++;
        return (ms.Order().ToArray(), missed);
    }


    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Max(0, Math.Ceiling(p * sorted.Length) - 1))];

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static int FreePortIn(int from, int to)
    {
        for (var port = from; port <= to; port++)
        {
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException($"No free port in {from}-{to}.");
    }

    private static SqliteLoyaltyDbContext OpenDatabase(string file) =>
        new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite($"Data Source={file};Default Timeout=30").Options);
}
