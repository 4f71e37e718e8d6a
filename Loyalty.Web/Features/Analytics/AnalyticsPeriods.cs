using System.Globalization;

namespace Loyalty.Web.Features.Analytics;

/// <summary>The periods a filter's range is cut into, and the helpers the analytics queries share.</summary>
public static class AnalyticsPeriods
{
    /// <summary>The first day of every period that overlaps the range, in order.</summary>
    public static IReadOnlyList<DateOnly> Of(AnalyticsFilter filter)
    {
        var periods = new List<DateOnly>();
        for (var p = filter.PeriodStart(filter.From); p <= filter.To; p = Next(filter.Period, p)) periods.Add(p);
        return periods;
    }

    public static DateOnly Next(AnalyticsPeriod period, DateOnly start) => period switch
    {
        AnalyticsPeriod.Month => start.AddMonths(1),
        AnalyticsPeriod.Week => start.AddDays(7),
        _ => start.AddDays(1),
    };

    /// <summary>The first days of the calendar months the range overlaps.</summary>
    public static IReadOnlyList<DateOnly> MonthsOf(AnalyticsFilter filter)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(filter.From.Year, filter.From.Month, 1); m <= filter.To; m = m.AddMonths(1)) months.Add(m);
        return months;
    }

    /// <summary>A day as CSV text (yyyy-MM-dd).</summary>
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A number as CSV text (invariant).</summary>
    public static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A share as CSV text: four decimals, empty when there is nothing to divide by.</summary>
    public static string Text(double? share) => share is { } s ? s.ToString("0.####", CultureInfo.InvariantCulture) : "";

    public static double? Share(long part, long whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>The dimensions of a filter a figure could not apply (named under its chart: docs/analytics.md).</summary>
[Flags]
public enum IgnoredFilters
{
    None = 0,
    City = 1,
    Store = 2,
    Tier = 4,
    Segment = 8,
}

public static class IgnoredFiltersExtensions
{
    /// <summary>Of the dimensions a figure cannot apply, those the filter actually sets.</summary>
    public static IgnoredFilters Of(this IgnoredFilters cannot, AnalyticsFilter filter)
    {
        var set = (filter.City is { Length: > 0 } ? IgnoredFilters.City : 0) | (filter.StoreId is not null ? IgnoredFilters.Store : 0)
            | (filter.TierId is not null ? IgnoredFilters.Tier : 0) | (filter.SegmentId is not null ? IgnoredFilters.Segment : 0);
        return cannot & set;
    }
}
