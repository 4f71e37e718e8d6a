using System.Diagnostics;
using System.Globalization;

namespace Loyalty.Bench;

/// <summary>The soak's memory side: sampling the server every 10 s and the least-squares slopes its verdict is judged on.</summary>
internal static partial class SoakBenchmark
{
    /// <summary>
    /// One sample of the server. Heap: the GC heap after the last collection, all generations; Old: gen2, LOH and POH of it;
    /// Committed: memory the GC holds from the system; FullGcs: gen2 collections so far (all from its /metrics).
    /// </summary>
    private sealed record Sample(double Minutes, double RssMb, double HeapMb, double OldMb, double CommittedMb, long FullGcs, double CpuPercent,
        int Threads, string Load, double SqliteMb)
    {
        /// <summary>What the process holds besides the GC's memory: code, stacks, SQLite's caches, native buffers.</summary>
        public double NativeMb => RssMb - CommittedMb;
    }

    /// <summary>Every 10 s: the server's RSS (/proc), its GC figures (its /metrics), CPU since the last sample.</summary>
    private static async Task SampleAsync(AppProcess app, List<Sample> samples, DateTime started, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var (cpu, at) = (app.CpuSeconds, Stopwatch.GetTimestamp());
        try
        {
            while (true)
            {
                await Task.Delay(SampleEvery, ct);
                var (cpuNow, now) = (app.CpuSeconds, Stopwatch.GetTimestamp());
                Dictionary<string, double> gc;
                try
                {
                    gc = GcFigures(await http.GetStringAsync("/metrics", ct));
                }
                catch (HttpRequestException)
                {
                    gc = [];
                }
                double Mb(string key) => gc.TryGetValue(key, out var v) ? v / 1024 / 1024 : double.NaN;
                var sample = new Sample((DateTime.UtcNow - started).TotalMinutes, app.RssKb / 1024.0,
                    Mb("heap:gen0") + Mb("heap:gen1") + Mb("heap:gen2") + Mb("heap:loh") + Mb("heap:poh"),
                    Mb("heap:gen2") + Mb("heap:loh") + Mb("heap:poh"), Mb("committed"),
                    gc.TryGetValue("collections:gen2", out var full) ? (long)full : -1,
                    (cpuNow - cpu) / Stopwatch.GetElapsedTime(at, now).TotalSeconds * 100, app.Threads, LoadAverage().Split(' ')[0],
                    Mb("sqlite"));
                (cpu, at) = (cpuNow, now);
                samples.Add(sample);
                Console.WriteLine($"  {sample.Minutes:0.0} min: RSS {sample.RssMb:0.0} MB, GC committed {sample.CommittedMb:0.0} MB, heap {sample.HeapMb:0.0} MB " +
                                  $"(gen2+LOH+POH {sample.OldMb:0.0}), SQLite {sample.SqliteMb:0.0} MB, full GCs {sample.FullGcs}, CPU {sample.CpuPercent:0} %, load {sample.Load}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The GC's figures from the Prometheus text of .NET's System.Runtime meter: heap per generation after the last collection
    /// (<c>dotnet.gc.last_collection.heap.size</c>), memory committed, and collections per generation.
    /// </summary>
    private static Dictionary<string, double> GcFigures(string metrics)
    {
        var figures = new Dictionary<string, double>();
        foreach (var line in metrics.Split('\n'))
        {
            var kind = line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal) ? "heap"
                : line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) ? "collections"
                : line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes", StringComparison.Ordinal) ? "committed"
                : line.StartsWith("loyalty_sqlite_memory_bytes", StringComparison.Ordinal) ? "sqlite"
                : null;
            if (kind is null) continue;
            var generation = System.Text.RegularExpressions.Regex.Match(line, "gc_heap_generation=\"([a-z0-9]+)\"").Groups[1].Value;
            var value = double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            figures[generation.Length > 0 ? $"{kind}:{generation}" : kind] = value;
        }
        return figures;
    }

    private static (double Slope, double Error) Slope(IReadOnlyCollection<Sample> samples, Func<Sample, double> value)
    {
        var points = samples.Select(s => (X: s.Minutes, Y: value(s))).Where(p => !double.IsNaN(p.Y)).ToList();
        if (points.Count < 2) return (double.NaN, double.NaN);
        var (mx, my) = (points.Average(p => p.X), points.Average(p => p.Y));
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var slope = points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
        var residuals = points.Sum(p => Math.Pow(p.Y - my - slope * (p.X - mx), 2));
        return (slope, points.Count > 2 ? Math.Sqrt(residuals / (points.Count - 2) / sxx) : double.NaN);
    }

    /// <summary>The surviving heap's slope in each half of the full collections, when each half has at least two.</summary>
    private static string Halves(Sample[][] halves) => halves.Length == 2 && halves.All(h => h.Length >= 2)
        ? $"{Slope(halves[0], s => s.OldMb).Slope:+0.00;-0.00} then {Slope(halves[1], s => s.OldMb).Slope:+0.00;-0.00}"
        : $"(too few full collections for halves: {halves.Sum(h => h.Length)})";

    private static string Fmt((double Slope, double Error) s) => $"{s.Slope:+0.00;-0.00} ± {s.Error:0.00} MB/min";
}
