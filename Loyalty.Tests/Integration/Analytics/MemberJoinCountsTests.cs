using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>
/// New members per period and the retention grid's cohort sizes, counted by the database per period (weeks and months,
/// unfiltered) or from the join dates read once (days, or a city filter): both must equal a count of the members' join
/// dates in memory, including members who joined exactly at midnight on a period's first day and outside the range.
/// </summary>
public sealed class MemberJoinCountsTests(AnalyticsAppFactory app) : IClassFixture<AnalyticsAppFactory>
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static bool _joined;

    private static readonly AnalyticsFilter Range = new(new DateOnly(2026, 6, 10), new DateOnly(2027, 4, 20), AnalyticsPeriod.Month);

    /// <summary>Sixty members with join dates spread over fourteen months (every fifth at midnight), in two cities.</summary>
    private async Task JoinAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_joined) return;
            var random = new Random(1717);
            var first = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < 60; i++)
            {
                var (id, _) = await MemberFactory.RegisterAsync(app, city: i % 3 == 0 ? "Tartu" : "Riga");
                var at = first.AddDays(random.Next(0, 420));
                if (i % 5 != 0) at = at.AddMinutes(random.Next(1, 24 * 60));
                await app.WithDbAsync(db => db.Members.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.JoinedAt, at)));
            }
            _joined = true;
        }
        finally
        {
            Once.Release();
        }
    }

    [Theory]
    [InlineData(AnalyticsPeriod.Month, null)]
    [InlineData(AnalyticsPeriod.Week, null)]
    [InlineData(AnalyticsPeriod.Day, null)]
    [InlineData(AnalyticsPeriod.Week, "Tartu")]
    public async Task New_members_per_period_total_and_cohort_sizes_equal_a_count_of_the_join_dates(AnalyticsPeriod period, string? city)
    {
        await JoinAsync();
        var filter = Range with { Period = period, City = city };
        var members = await app.WithDbAsync(db => db.Members.AsNoTracking().Select(m => new { m.JoinedAt, m.HomeCity }).ToListAsync());
        var (start, end) = filter.Window;
        var chosen = members.Where(m => city is null || m.HomeCity == city).Select(m => m.JoinedAt).ToList();

        var figures = await app.Services.GetRequiredService<GetMemberAnalytics>().HandleAsync(filter);

        var expectedNew = AnalyticsPeriods.Of(filter)
            .Select(p => chosen.Count(at => at >= start && at < end && filter.PeriodStart(DateOnly.FromDateTime(at.UtcDateTime)) == p)).ToList();
        Assert.Equal(expectedNew, figures.Periods.Select(p => p.New));
        Assert.True(expectedNew.Sum() > 5, "the range must hold enough joins to mean something");
        Assert.Equal(chosen.Count(at => at < end), figures.Periods[^1].Total);
        // The retention grid counts every member (it has no city), per join month.
        var expectedCohorts = figures.Cohorts.Select(c => members.Count(m => m.JoinedAt.UtcDateTime.Year == c.JoinMonth.Year && m.JoinedAt.UtcDateTime.Month == c.JoinMonth.Month)).ToList();
        Assert.Equal(expectedCohorts, figures.Cohorts.Select(c => c.Joined));
        Assert.Equal(11, figures.Cohorts.Count); // June 2026 to April 2027
    }
}
