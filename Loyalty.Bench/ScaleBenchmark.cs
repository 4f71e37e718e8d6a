using System.Diagnostics;
using System.Globalization;

namespace Loyalty.Bench;

/// <summary>
/// <c>scale [file=/tmp/loyalty-scale-100000.db] [--only jobs,usecases,analytics-queries,pages,wrk,circuits] [--analytics /admin/analytics]
/// [--seconds 20] [--circuits 30]</c> (and <c>--only profile-segments</c> or <c>profile-maintenance</c>: the recompute's or the points maintenance's database time by statement): the figures at 100,000 members on a copy of the generated database, each beside
/// its reference measured in the same run, printed as one table with the command that reproduces it. The reference database is
/// the generator's <c>.base</c> file: the demo program (200 members) the same published app made.
/// </summary>
internal static partial class ScaleBenchmark
{
    private sealed record Figure(string Name, string Target, string Measured, string Reference, string Ratio, string Load, string Command);

    private static readonly List<Figure> Figures = [];
    private static string _file = "";

    public static async Task<int> RunAsync(string[] args)
    {
        _file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(args, a))
                ?? Path.Combine(Path.GetTempPath(), "loyalty-scale-100000.db");
        var only = Option(args, "--only")?.Split(',').ToHashSet() ?? ["jobs", "usecases", "analytics-queries", "pages", "wrk", "circuits"];
        var analytics = Option(args, "--analytics") ?? "/admin/analytics";
        var seconds = int.Parse(Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var circuits = int.Parse(Option(args, "--circuits") ?? "30", CultureInfo.InvariantCulture);
        var reference = _file + ".base";
        if (!File.Exists(_file) || !File.Exists(reference))
        {
            Console.Error.WriteLine($"{_file} or {reference} is missing: run `generate` first.");
            return 2;
        }
        Console.WriteLine($"scale: {_file} ({new FileInfo(_file).Length / 1024.0 / 1024.0:N0} MB), reference {reference}; " +
                          $"{Environment.ProcessorCount} cores; load average {DataGenerator.Load()}");
        var started = Stopwatch.StartNew();
        var copy = Copy(_file, "scale");
        var small = Copy(reference, "reference");
        try
        {
            if (only.Contains("profile-segments")) await ScaleInProcess.ProfileSegmentsAsync(copy);
            if (only.Contains("profile-maintenance")) await ScaleInProcess.ProfileMaintenanceAsync(copy);
            if (only.Contains("profile-analytics")) await ScaleAnalytics.ProfileMembersAsync(copy);
            if (only.Contains("jobs") || only.Contains("usecases"))
                await ScaleInProcess.RunAsync(copy, small, only.Contains("jobs"), only.Contains("usecases"), Add);
            if (only.Contains("analytics-queries")) await ScaleAnalytics.RunAsync(copy, small, Add);
            if (only.Contains("pages") || only.Contains("circuits"))
                await ScaleHttp.PagesAndCircuitsAsync(copy, small, analytics, only.Contains("pages"), only.Contains("circuits") ? circuits : 0, Add);
            if (only.Contains("wrk"))
                await ScaleWrk.RunAsync(copy, seconds, Add);
        }
        finally
        {
            Delete(copy);
            Delete(small);
        }
        Print();
        Console.WriteLine($"scale run: {started.Elapsed.TotalMinutes:N1} min; load average {DataGenerator.Load()}");
        return 0;
    }

    /// <summary>Adds a row of the table (and prints it at once, so a later failure loses nothing).</summary>
    private static void Add(string name, string target, string measured, string reference, string ratio, string only)
    {
        var command = $"dotnet run -c Release --project Loyalty.Bench -- scale {_file} --only {only}";
        var figure = new Figure(name, target, measured, reference, ratio, DataGenerator.Load(), command);
        Figures.Add(figure);
        Console.WriteLine($"  = {figure.Name}: {figure.Measured} (target {figure.Target}; reference {figure.Reference}; ratio {figure.Ratio}; load {figure.Load})");
    }

    private static void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| figure | target | measured | reference (same run) | ratio | load average | command |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var f in Figures)
            Console.WriteLine($"| {f.Name} | {f.Target} | {f.Measured} | {f.Reference} | {f.Ratio} | {f.Load} | `{f.Command}` |");
    }

    public static string Copy(string file, string tag)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"loyalty-{tag}-{Guid.NewGuid():N}.db");
        File.Copy(file, copy);
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(file + suffix)) File.Copy(file + suffix, copy + suffix);
        return copy;
    }

    public static void Delete(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Max(0, Math.Ceiling(p * sorted.Count) - 1))];

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static bool IsOptionValue(string[] args, string value) => Array.IndexOf(args, value) is var i and > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal);
}
