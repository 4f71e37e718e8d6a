using System.Globalization;
using Loyalty.Web.Features.Analytics;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Analytics;

/// <summary>How the analytics sections write periods, shares and the filters a figure could not apply.</summary>
public static class AnalyticsText
{
    public static string PeriodLabel(AnalyticsPeriod period, DateOnly start) =>
        start.ToString(period == AnalyticsPeriod.Month ? "MMM yyyy" : "d MMM", CultureInfo.CurrentCulture);

    public static string Share(double? share) => share is { } s ? s.ToString("P0", CultureInfo.CurrentCulture) : "–";

    /// <summary>"Not filtered by: city, store" in the reader's language, or null when every filter set was applied.</summary>
    public static string? Ignored(this IStringLocalizer l, IgnoredFilters ignored)
    {
        if (ignored == IgnoredFilters.None) return null;
        var names = new[] { IgnoredFilters.City, IgnoredFilters.Store, IgnoredFilters.Tier, IgnoredFilters.Segment }
            .Where(f => ignored.HasFlag(f)).Select(f => l[$"Analytics.Filter.{f}"].Value);
        return l["Analytics.NotFiltered", string.Join(l["Analytics.ListSeparator"].Value, names)];
    }

    /// <summary>The most period labels an axis shows: more would overlap at phone width, so only every n-th is written.</summary>
    public const int MaxAxisLabels = 8;

    /// <summary>Every label when they fit, else every n-th (from the first) and blanks between, so at most <see cref="MaxAxisLabels"/> are written.</summary>
    public static string[] AxisLabels(IReadOnlyList<string> labels)
    {
        var step = (labels.Count + MaxAxisLabels - 1) / MaxAxisLabels;
        return labels.Select((label, i) => step <= 1 || i % step == 0 ? label : "").ToArray();
    }
}
