using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Loyalty.Bench;

/// <summary>
/// Where a use case's time goes at the database: EF Core's "Executed DbCommand (N ms)" log lines, summed per statement shape
/// (its first 90 characters), so the rest of a timed run is the app's own work (materializing, change tracking, the CPU).
/// </summary>
internal sealed partial class SqlTimings : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> _byShape = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Clear() => _byShape.Clear();

    public void Print(TimeSpan total)
    {
        var sum = _byShape.Values.Sum(v => v.Ms);
        Console.WriteLine($"    database commands: {sum / 1000:N1} s of {total.TotalSeconds:N1} s ({sum / total.TotalMilliseconds:P0}); the slowest shapes:");
        foreach (var (shape, (count, ms)) in _byShape.OrderByDescending(p => p.Value.Ms).Take(8))
            Console.WriteLine(total.TotalSeconds < 10 ? $"      {ms,7:N0} ms {count,6:N0}×  {shape}" : $"      {ms / 1000,7:N1} s {count,6:N0}×  {shape}");
    }

    public void Dispose() { }

    [GeneratedRegex(@"Executed DbCommand \(([\d,]+)ms\)[^\n]*\n(?:\s*\n)*\s*(?<sql>[^\n]*(?:\n[^\n]*){0,3})", RegexOptions.Singleline)]
    private static partial Regex Executed();

    private sealed class Collector(SqlTimings owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => category == "Microsoft.EntityFrameworkCore.Database.Command";

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var match = Executed().Match(formatter(state, exception));
            if (!match.Success) return;
            var ms = double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var sql = Regex.Replace(match.Groups["sql"].Value, @"\s+", " ").Trim();
            var shape = sql.Length > 90 ? sql[..90] : sql;
            owner._byShape.AddOrUpdate(shape, (1, ms), (_, v) => (v.Count + 1, v.Ms + ms));
        }
    }
}
