using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Loyalty.Domain.Integrations;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Bench;

/// <summary>
/// Purchases through the API with Debian's <c>wrk</c> (installed when missing), 32 connections, a unique external id per request
/// (Lua), random members, on the generated database in the published app (Production): durable purchases/s (new rows counted in
/// the database after the run) and wrk's p99; then the HTTP ceiling in the same run: the same route and body, answered without
/// storing (<c>Bench:PurchaseCeiling</c>, off by default), on the same database and machine.
/// </summary>
internal static partial class ScaleWrk
{
    private const int Connections = 32;

    public static async Task RunAsync(string file, int seconds, ScaleInProcess.AddFigure add)
    {
        await EnsureWrkAsync();
        await ScaleInProcess.SettleAsync(file);
        var (key, members) = await PrepareAsync(file);
        var script = Path.Combine(Path.GetTempPath(), $"loyalty-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(key, members));
        var settings = new Dictionary<string, string> { ["Api__RequestsPerMinutePerKey"] = "100000000" }; // one key stands for every till
        try
        {
            Result durable;
            long stored;
            await using (var app = await AppProcess.StartAsync(settings, databaseFile: file))
            {
                await app.WaitForQuietAsync(TimeSpan.FromMinutes(5));
                await WrkAsync(app, script, 15, "warm");
                var before = await CountAsync(file);
                durable = await WrkAsync(app, script, seconds, "run");
                stored = await CountAsync(file) - before;
            }
            Result ceiling;
            await using (var app = await AppProcess.StartAsync(new Dictionary<string, string>(settings) { ["Bench__PurchaseCeiling"] = "true" }, databaseFile: file))
            {
                await app.WaitForQuietAsync(TimeSpan.FromMinutes(5));
                await WrkAsync(app, script, 10, "cwarm");
                ceiling = await WrkAsync(app, script, seconds, "ceiling");
            }
            var perSecond = stored / durable.Seconds;
            add($"purchases through the API, wrk {Connections} connections, {seconds} s, unique ids, {members.Count:N0} random members, 2,000,000-entry DB: durable purchases/s (p99)",
                "≥ 8,000/s, p99 ≤ 25 ms", $"{perSecond:N0}/s (p99 {durable.P99}; wrk {durable.PerSecond:N0} answers/s, {durable.Errors:N0} non-2xx; {stored:N0} rows stored)",
                $"HTTP ceiling, same route and body, not stored: {ceiling.PerSecond:N0}/s (p99 {ceiling.P99}, {ceiling.Errors:N0} non-2xx)",
                $"{perSecond / ceiling.PerSecond:P0} of the ceiling", "wrk");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private sealed record Result(double PerSecond, double Seconds, string P99, long Errors);

    private static async Task<Result> WrkAsync(AppProcess app, string script, int seconds, string tag)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{Connections}", $"-d{seconds}s", "--latency", "-s", script, app.BaseAddress.ToString().TrimEnd('/'), "--", $"{tag}-{Guid.NewGuid():N}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync() + await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var requests = Regex.Match(output, @"(\d+) requests in ([\d.]+)(\w+)");
        var rate = Regex.Match(output, @"Requests/sec:\s+([\d.]+)");
        var p99 = Regex.Match(output, @"\s99%\s+([\d.]+\w+)");
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        if (!rate.Success) throw new InvalidOperationException($"wrk said:\n{output}");
        var elapsed = double.Parse(requests.Groups[2].Value, CultureInfo.InvariantCulture) * (requests.Groups[3].Value == "m" ? 60 : requests.Groups[3].Value == "ms" ? 0.001 : 1);
        Console.WriteLine($"  wrk {tag}: {requests.Groups[1].Value} requests in {elapsed:N1} s, {rate.Groups[1].Value}/s, p99 {p99.Groups[1].Value}, " +
                          $"non-2xx {(errors.Success ? errors.Groups[1].Value : "0")}; load {DataGenerator.Load()}");
        return new Result(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), elapsed, p99.Groups[1].Value,
            errors.Success ? long.Parse(errors.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static string Script(string key, IReadOnlyList<string> members)
    {
        var text = new StringBuilder();
        text.Append("local members = {").AppendJoin(",", members.Select(m => $"\"{m}\"")).AppendLine("}");
        text.AppendLine(CultureInfo.InvariantCulture, $"local at = \"{DateTimeOffset.UtcNow.AddMinutes(-1):O}\"");
        text.AppendLine("""
            local next_thread = 1
            function setup(thread)
              thread:set("tid", next_thread)
              next_thread = next_thread + 1
            end
            local counter = 0
            function init(args)
              prefix = args[1] or "wrk"
              math.randomseed(tid * 7919)
            """);
        text.AppendLine(CultureInfo.InvariantCulture, $"  wrk.headers[\"X-Api-Key\"] = \"{key}\"");
        text.AppendLine("""
              wrk.headers["Content-Type"] = "application/json"
            end
            request = function()
              counter = counter + 1
              local member = members[math.random(#members)]
              local amount = string.format("%.2f", 5 + math.random() * 95)
              local body = '{"externalId":"' .. prefix .. '-' .. tid .. '-' .. counter .. '","memberNumber":"' .. member ..
                '","amount":' .. amount .. ',"currency":"EUR","storeCode":"riga-central","occurredAt":"' .. at ..
                '","items":[{"sku":"sku-1","category":"groceries","quantity":1,"price":' .. amount .. '}]}'
              return wrk.format("POST", "/api/v1/transactions", nil, body)
            end
            """);
        return text.ToString();
    }

    private static async Task<(string Key, List<string> Members)> PrepareAsync(string file)
    {
        await using var db = DataGenerator.Open(file);
        var (key, plaintext) = ApiKey.Create("scale bench", ApiScopes.Transactions, DateTimeOffset.UtcNow, "bench");
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        var count = await db.Members.CountAsync();
        var random = new Random(8_000);
        var ids = Enumerable.Range(0, 5_000).Select(_ => (long)random.Next(1, count + 1)).Distinct().ToList();
        var members = await db.Members.Where(m => ids.Contains(m.Id) && m.MemberNumber != null).Select(m => m.MemberNumber!).ToListAsync();
        return (plaintext, members);
    }

    private static async Task<long> CountAsync(string file)
    {
        await using var db = DataGenerator.Open(file);
        return await db.Purchases.LongCountAsync();
    }

    private static async Task EnsureWrkAsync()
    {
        if (File.Exists("/usr/bin/wrk")) return;
        Console.WriteLine("  installing wrk (apt-get install -y wrk) ...");
        using var apt = Process.Start(new ProcessStartInfo("apt-get", ["install", "-y", "-q", "wrk"]) { UseShellExecute = false })!;
        await apt.WaitForExitAsync();
        if (apt.ExitCode != 0) throw new InvalidOperationException("apt-get install wrk failed; install it and run again.");
    }
}
