using System.Diagnostics;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Bench;

/// <summary>
/// Purchases through the HTTP API (real Kestrel, loopback) into a SQLite file database: N concurrent clients
/// for a fixed time. Prints throughput and latency percentiles, then checks that every acknowledged purchase
/// is in the database and the ledger agrees with the lots.
/// </summary>
internal static class PurchaseThroughput
{
    public static async Task RunAsync(int clients, TimeSpan duration, bool direct = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"loyalty-bench-{Guid.NewGuid():N}.db");
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production"); // as deployed: no developer exception page or migrations endpoint
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={file}",
                ["Seed:Demo"] = "true",
                ["Seed:AllowDemoOutsideDevelopment"] = "true", // the benchmark measures the demo program, as deployed
                ["App:PublicBaseUrl"] = "http://127.0.0.1/",
                ["Mail:Smtp:Host"] = "127.0.0.1", // nothing is mailed during a benchmark; Production requires a sender
                ["Mail:Smtp:FromAddress"] = "bench@loyalty.local",
                ["Seed:AdminEmail"] = "bench-admin@loyalty.local",
                ["Seed:AdminPassword"] = "Bench#Admin2026!",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Loyalty"] = "Warning",
                ["Api:RequestsPerMinutePerKey"] = "100000000", // one key stands for every till: measure the server, not the key's rate
            }));
        });
        app.UseKestrel(0);
        app.StartServer();
        var key = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync("bench", ApiScopes.Transactions, "bench");
        var (members, journal, synchronous) = await WithDb(app, async db => (
            await db.Members.Select(m => m.MemberNumber!).ToArrayAsync(),
            await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(),
            await db.Database.SqlQueryRaw<long>("PRAGMA synchronous").ToListAsync()));
        var before = await WithDb(app, db => db.Purchases.CountAsync());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = app.ClientOptions.BaseAddress,
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        if (direct) http.BaseAddress = null;
        var record = direct ? app.Services.GetRequiredService<Loyalty.Web.Features.Purchases.RecordPurchase>() : null;
        // Warm-up: connection pool, caches, and the JIT. Tiered compilation recompiles hot methods in the background for
        // tens of seconds on 2 cores; until it is done it takes a core's share of CPU that a running server does not pay.
        var warmUp = Stopwatch.StartNew();
        for (var slice = 0; ; slice++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await RunClients(http, members, clients, TimeSpan.FromSeconds(5), $"warm{slice}", record);
            var added = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
            if (added < 50 || warmUp.Elapsed > TimeSpan.FromSeconds(120))
            {
                Console.WriteLine($"  warm-up: {warmUp.Elapsed.TotalSeconds:0} s, until the JIT settled ({added} methods compiled in the last 5 s)");
                break;
            }
        }
        var warmed = await WithDb(app, db => db.Purchases.CountAsync());

        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var jit0 = System.Runtime.JitInfo.GetCompiledMethodCount();
        var run = await RunClients(http, members, clients, duration, "run", record);
        Console.WriteLine($"  CPU: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / run.Elapsed.TotalSeconds:P0} of one core; methods compiled during the run: {System.Runtime.JitInfo.GetCompiledMethodCount() - jit0}");
        var after = await WithDb(app, db => db.Purchases.CountAsync());
        var ledgerAgrees = await WithDb(app, async db =>
            await db.LedgerEntries.SumAsync(e => e.Points) == await db.PointsLots.SumAsync(l => l.Remaining) - await db.Members.SumAsync(m => m.DebtPoints));

        var latencies = run.Latencies.Order().ToArray();
        Console.WriteLine($"purchases {(direct ? "through RecordPurchase in-process (no HTTP)" : "via POST /api/v1/transactions")}, SQLite file (journal_mode={journal.Single()}, synchronous={synchronous.Single()}), {clients} clients, {duration.TotalSeconds:0} s");
        Console.WriteLine($"  acknowledged: {run.Ok:N0}   errors: {run.Errors:N0}   throughput: {run.Ok / run.Elapsed.TotalSeconds:N0} purchases/s");
        Console.WriteLine($"  latency ms: p50 {Percentile(latencies, 0.50):0.0}   p95 {Percentile(latencies, 0.95):0.0}   p99 {Percentile(latencies, 0.99):0.0}   max {latencies.LastOrDefault():0.0}");
        Console.WriteLine($"  durable check: {after - warmed:N0} new rows for {run.Ok:N0} acknowledged ({(after - warmed == run.Ok ? "match" : "MISMATCH")}); ledger = lots - debt: {ledgerAgrees}");
        Console.WriteLine($"  (seed had {before:N0} purchases, warm-up added {warmed - before:N0})");

        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    private static async Task<(long Ok, long Errors, TimeSpan Elapsed, List<double> Latencies)> RunClients(
        HttpClient http, string[] members, int clients, TimeSpan duration, string tag, Loyalty.Web.Features.Purchases.RecordPurchase? direct)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long ok = 0, errors = 0;
        var all = new List<double>[clients];
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var mine = all[c] = new List<double>(100_000);
            for (var n = 0; Stopwatch.GetTimestamp() < stopAt; n++)
            {
                var amount = Math.Round(5m + (decimal)random.NextDouble() * 95m, 2);
                var body = new
                {
                    externalId = $"{tag}-{c}-{n}-{Guid.NewGuid():N}",
                    memberNumber = members[random.Next(members.Length)],
                    amount,
                    currency = "EUR",
                    storeCode = "riga-central",
                    occurredAt = DateTimeOffset.UtcNow,
                    items = new[] { new { sku = "sku-1", category = "groceries", quantity = 1m, price = amount } },
                };
                var t0 = Stopwatch.GetTimestamp();
                if (direct is not null)
                {
                    await direct.HandleAsync(new(body.externalId, body.memberNumber, amount, "EUR", "riga-central", body.occurredAt,
                        [new Loyalty.Domain.Purchases.PurchaseItem("sku-1", "groceries", 1m, amount)]));
                    Interlocked.Increment(ref ok);
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    continue;
                }
                // The JSON a till sends, written directly: the load generator shares the 2 cores with the server.
                var json = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $$"""{"externalId":"{{body.externalId}}","memberNumber":"{{body.memberNumber}}","amount":{{amount}},"currency":"EUR","storeCode":"riga-central","occurredAt":"{{body.occurredAt:O}}","items":[{"sku":"sku-1","category":"groceries","quantity":1,"price":{{amount}}}]}""");
                using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/transactions", content);
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (response.IsSuccessStatusCode) { Interlocked.Increment(ref ok); mine.Add(ms); }
                else Interlocked.Increment(ref errors);
            }
        })));
        return (ok, errors, started.Elapsed, all.SelectMany(l => l).ToList());
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<T> WithDb<T>(WebApplicationFactory<Program> app, Func<LoyaltyDbContext, Task<T>> query)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
