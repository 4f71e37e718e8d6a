using System.Globalization;

namespace Loyalty.Web.Features.Analytics;

/// <summary>How the analytics page groups time: a point per day, per ISO week (starting Monday) or per calendar month (UTC).</summary>
public enum AnalyticsPeriod
{
    Day = 1,
    Week = 2,
    Month = 3,
}

/// <summary>
/// What every analytics chart and table is asked for: a date range (UTC days, both ends included), the period its series
/// group by, and the filters. A filter a figure cannot honour is named by that figure (docs/analytics.md).
/// </summary>
public sealed record AnalyticsFilter(DateOnly From, DateOnly To, AnalyticsPeriod Period = AnalyticsPeriod.Week, string? City = null,
    int? StoreId = null, int? TierId = null, int? SegmentId = null)
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxDays = 731;

    /// <summary>The last 90 days to <paramref name="today"/>, by week.</summary>
    public static AnalyticsFilter Default(DateOnly today) => new(today.AddDays(-89), today);

    /// <summary>The first moment of the range and the first moment after it (UTC).</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window =>
        (new DateTimeOffset(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>The first day of the period <paramref name="day"/> falls in.</summary>
    public DateOnly PeriodStart(DateOnly day) => Period switch
    {
        AnalyticsPeriod.Month => new DateOnly(day.Year, day.Month, 1),
        AnalyticsPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => day,
    };

    /// <summary>The query string a CSV download carries (invariant, only what is set).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>
        {
            "from=" + From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "to=" + To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "period=" + Period.ToString().ToLowerInvariant(),
        };
        if (!string.IsNullOrEmpty(City)) parts.Add("city=" + Uri.EscapeDataString(City));
        if (StoreId is { } store) parts.Add("store=" + store.ToString(CultureInfo.InvariantCulture));
        if (TierId is { } tier) parts.Add("tier=" + tier.ToString(CultureInfo.InvariantCulture));
        if (SegmentId is { } segment) parts.Add("segment=" + segment.ToString(CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    /// <summary>Reads a filter from a query string; missing values take <see cref="Default"/>'s.</summary>
    /// <returns>The filter, or the message that says what to fix.</returns>
    public static (AnalyticsFilter? Filter, string? Error) Parse(Func<string, string?> query, DateOnly today)
    {
        var filter = Default(today);
        if (query("from") is { Length: > 0 } from)
        {
            if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return (null, $"'from' must be a date written yyyy-MM-dd, not '{from}'.");
            filter = filter with { From = d };
        }
        if (query("to") is { Length: > 0 } to)
        {
            if (!DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return (null, $"'to' must be a date written yyyy-MM-dd, not '{to}'.");
            filter = filter with { To = d };
        }
        if (filter.To < filter.From) return (null, "'to' must not be before 'from'.");
        if (filter.To.DayNumber - filter.From.DayNumber >= MaxDays) return (null, $"A range can be at most {MaxDays} days.");
        if (query("period") is { Length: > 0 } period)
        {
            if (!Enum.TryParse<AnalyticsPeriod>(period, ignoreCase: true, out var p) || !Enum.IsDefined(p) || int.TryParse(period, out _))
                return (null, $"'period' must be day, week or month, not '{period}'.");
            filter = filter with { Period = p };
        }
        if (query("city") is { Length: > 0 } city) filter = filter with { City = city.Trim() };
        foreach (var (name, apply) in new (string, Func<AnalyticsFilter, int, AnalyticsFilter>)[]
                 {
                     ("store", (f, v) => f with { StoreId = v }), ("tier", (f, v) => f with { TierId = v }), ("segment", (f, v) => f with { SegmentId = v }),
                 })
        {
            if (query(name) is not { Length: > 0 } value) continue;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                return (null, $"'{name}' must be a positive id, not '{value}'.");
            filter = apply(filter, id);
        }
        return (filter, null);
    }
}

/// <summary>One downloadable table: column headers and rows of invariant text (numbers with a dot, dates yyyy-MM-dd).</summary>
public sealed record AnalyticsTable(string FileName, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// A table the analytics page offers as CSV at <c>/admin/analytics/{Name}.csv?{filter}</c>. Each is registered as a keyed
/// service under its name (<c>AddKeyedScoped&lt;IAnalyticsTableSource, T&gt;(name)</c>), so a new table needs no new endpoint.
/// </summary>
public interface IAnalyticsTableSource
{
    Task<AnalyticsTable> BuildAsync(AnalyticsFilter filter, CancellationToken ct);
}
