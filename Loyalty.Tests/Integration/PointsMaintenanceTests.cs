using System.Net.Http.Json;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>Expiry and tier reviews driven by a fake clock: deterministic, idempotent, one step down at a time.</summary>
public sealed class PointsMaintenanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(LoyaltyAppFactory App, FakeTimeProvider Clock)> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(demo: true, clock: clock,
            settings: new Dictionary<string, string?> { ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0" });
        _ = app.Services;
        await Task.CompletedTask;
        return (app, clock);
    }

    private static async Task BuyAsync(LoyaltyAppFactory app, HttpClient api, string number, decimal amount, FakeTimeProvider clock) =>
        Assert.True((await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, amount, at: clock.GetUtcNow()))).IsSuccessStatusCode);

    private static Task<(long Ledger, long Lots)> SumsAsync(LoyaltyAppFactory app, long memberId) => app.WithDbAsync(async db => (
        await db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points),
        await db.PointsLots.Where(l => l.MemberId == memberId).SumAsync(l => l.Remaining)));

    [Fact]
    public async Task Expiry_removes_exactly_what_is_left_and_running_twice_gives_the_same_state()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        await BuyAsync(app, api, number, 100.00m, clock); // 500 pts, expires in 12 months
        clock.Advance(TimeSpan.FromDays(20));
        await app.Services.GetRequiredService<DebitPoints>().HandleAsync(new DebitCommand(memberId, 120, LedgerEntryKind.Redeem,
            LedgerSource.Redemption, "r-1", LedgerReason.Verbatim("Coffee")));

        clock.Advance(TimeSpan.FromDays(366));
        var maintenance = app.Services.GetRequiredService<RunPointsMaintenance>();
        var first = await maintenance.HandleAsync();
        var afterFirst = await SumsAsync(app, memberId);
        var second = await maintenance.HandleAsync();

        Assert.True(first.PointsExpired >= 380);
        Assert.Equal(0, second.PointsExpired);
        Assert.Equal(afterFirst, await SumsAsync(app, memberId));
        Assert.Equal((0L, 0L), afterFirst);
        var expire = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.MemberId == memberId && e.Kind == LedgerEntryKind.Expire));
        Assert.Equal(-380, expire.Points);
    }

    [Fact]
    public async Task Two_instances_running_expiry_at_once_expire_each_lot_once()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        await BuyAsync(app, api, number, 50.00m, clock);
        await using var other = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={app.DatabaseFile}",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });

        clock.Advance(TimeSpan.FromDays(400));
        await Task.WhenAll(
            app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync(),
            other.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync());

        var expiries = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId && e.Kind == LedgerEntryKind.Expire).ToListAsync());
        Assert.Equal(-250, Assert.Single(expiries).Points);
        Assert.Equal((0L, 0L), await SumsAsync(app, memberId));
    }

    [Fact]
    public async Task A_tier_drops_only_at_the_review_date_and_by_one_tier()
    {
        var (app, clock) = await StartAsync();
        await using var _ = app;
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        await BuyAsync(app, api, number, 1_300.00m, clock); // 6,500 pts: Gold at once
        var maintenance = app.Services.GetRequiredService<RunPointsMaintenance>();
        var tier = () => app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId)
            .Join(db.Tiers, m => m.TierId, t => t.Id, (m, t) => new { t.Name, m.TierReviewAt }).SingleAsync());
        Assert.Equal("Gold", (await tier()).Name);
        var review = (await tier()).TierReviewAt!.Value;

        clock.Advance(review - clock.GetUtcNow() - TimeSpan.FromDays(1));
        await maintenance.HandleAsync();
        Assert.Equal("Gold", (await tier()).Name); // a day before the review: nothing changes

        clock.Advance(TimeSpan.FromDays(2));
        await maintenance.HandleAsync();
        var after = await tier();
        Assert.Equal("Silver", after.Name); // no points in the window, but only one step down
        Assert.Equal(review.AddMonths(12), after.TierReviewAt);
        await maintenance.HandleAsync();
        Assert.Equal("Silver", (await tier()).Name); // running again changes nothing before the next review
    }
}
