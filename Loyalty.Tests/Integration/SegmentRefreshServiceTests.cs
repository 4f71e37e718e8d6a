using Loyalty.Web.Features.Segments;
using Loyalty.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>The schedule, driven by a fake clock: a first run soon after start when nothing is segmented, then every interval.</summary>
public sealed class SegmentRefreshServiceTests
{
    [Fact]
    public async Task Members_are_segmented_soon_after_start_and_again_at_every_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
        await using var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Segments:RefreshIntervalMinutes"] = "30",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });
        var first = (await MemberFactory.RegisterAsync(app, "Early")).Id;

        Assert.True(await EventuallyAsync(() => SegmentedAsync(app, first), () => clock.Advance(SegmentRefreshService.StartDelay)));
        var second = (await MemberFactory.RegisterAsync(app, "Later")).Id;
        Assert.False(await SegmentedAsync(app, second));
        Assert.True(await EventuallyAsync(() => SegmentedAsync(app, second), () => clock.Advance(TimeSpan.FromMinutes(30))));
    }

    private static Task<bool> SegmentedAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.MemberInsights.AnyAsync(i => i.MemberId == memberId));

    /// <summary>The service runs on its own task: move the clock on and look again, a bounded number of times.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, Action advance)
    {
        for (var i = 0; i < 50; i++)
        {
            advance();
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return false;
    }
}
