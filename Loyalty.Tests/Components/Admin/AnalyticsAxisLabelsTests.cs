using Loyalty.Web.Components.Analytics;

namespace Loyalty.Tests.Components.Admin;

/// <summary>Period labels on a chart axis: all when they fit, else every n-th, so a year of weeks stays readable on a phone.</summary>
public sealed class AnalyticsAxisLabelsTests
{
    [Fact]
    public void Up_to_eight_labels_are_all_written()
    {
        var months = Enumerable.Range(1, 8).Select(m => $"M{m}").ToList();
        Assert.Equal(months, AnalyticsText.AxisLabels(months));
    }

    [Fact]
    public void Fifty_three_weeks_write_every_seventh_label_from_the_first_and_keep_one_slot_per_week()
    {
        var weeks = Enumerable.Range(1, 53).Select(w => $"W{w}").ToList();

        var labels = AnalyticsText.AxisLabels(weeks);

        Assert.Equal(53, labels.Length);
        Assert.Equal(["W1", "W8", "W15", "W22", "W29", "W36", "W43", "W50"], labels.Where(l => l.Length > 0));
        Assert.True(labels.Count(l => l.Length > 0) <= AnalyticsText.MaxAxisLabels);
    }
}
