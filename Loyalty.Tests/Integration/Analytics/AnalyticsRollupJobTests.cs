using Loyalty.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>The rollup job: on, it folds what is committed within seconds; off, it leaves the rollups to whoever calls the use case.</summary>
public sealed class AnalyticsRollupJobTests
{
    [Fact]
    public async Task With_the_job_on_a_new_purchase_is_in_the_rollups_within_seconds()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Analytics:RollupPollMilliseconds"] = "100" });
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app, city: "Tabriz");

        await SettlementWorld.BuyAsync(app, number, partner, 12.5m, DateTimeOffset.UtcNow);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await app.WithDbAsync(db => db.SalesDailyRollups.Where(r => r.City == "Tabriz").SumAsync(r => (decimal?)r.Amount)) != 12.5m)
        {
            Assert.True(DateTime.UtcNow < deadline, "The purchase was not rolled up within 20 s.");
            await Task.Delay(100);
        }
        Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), await AnalyticsWorld.LedgerRollupAsync(app));
    }

    [Fact]
    public async Task With_the_job_off_nothing_is_rolled_up_until_the_use_case_runs()
    {
        await using var app = new LoyaltyAppFactory();
        var partner = await SettlementWorld.PartnerAsync(app);
        var (_, number) = await MemberFactory.RegisterAsync(app);
        await SettlementWorld.BuyAsync(app, number, partner, 12.5m, DateTimeOffset.UtcNow);
        await Task.Delay(500);

        Assert.Equal(0, await app.WithDbAsync(db => db.SalesDailyRollups.CountAsync()));
        Assert.True(await app.Services.GetRequiredService<RollUpAnalytics>().HandleAsync() > 0);
        Assert.Equal(1, await app.WithDbAsync(db => db.SalesDailyRollups.CountAsync()));
    }
}
