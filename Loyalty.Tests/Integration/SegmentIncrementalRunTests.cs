using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

/// <summary>Which runs are incremental and which members they read again (docs/segments.md, "Incremental runs").</summary>
public sealed class SegmentIncrementalRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock, RecomputeSegments Recompute) Start()
    {
        var clock = new FakeTimeProvider(Now);
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Segments:RefreshIntervalMinutes"] = "0",
            ["Points:MaintenanceIntervalMinutes"] = "0",
        });
        var recompute = new RecomputeSegments(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(),
            app.Services.GetRequiredService<JobLeases>(), clock, NullLogger<RecomputeSegments>.Instance);
        return (app, clock, recompute);
    }

    [Fact]
    public async Task The_schedule_reads_again_only_the_member_who_bought_and_the_one_whose_purchase_left_the_window()
    {
        var (app, clock, recompute) = Start();
        await using var _app = app;
        var partner = await SettlementWorld.PartnerAsync(app);
        var (buyer, leaver, quiet) = (await MemberFactory.RegisterAsync(app, "Ana"), await MemberFactory.RegisterAsync(app, "Ben"),
            await MemberFactory.RegisterAsync(app, "Cem"));
        await SettlementWorld.BuyAsync(app, leaver.Number, partner, 80m, Now.AddDays(-365).AddHours(6));
        await SettlementWorld.BuyAsync(app, quiet.Number, partner, 30m, Now.AddDays(-100));

        var first = await recompute.TryHandleAsync(onlyIfNeverRun: false);
        Assert.True(first!.Full); // nothing stored yet
        clock.Advance(TimeSpan.FromHours(12)); // Ben's purchase leaves the 365-day window; no full run due yet (24 h)
        await SettlementWorld.BuyAsync(app, buyer.Number, partner, 45m, clock.GetUtcNow().AddHours(-1));
        var second = await recompute.TryHandleAsync(onlyIfNeverRun: false);

        Assert.False(second!.Full);
        Assert.Equal(2, second.Read);
        var insights = await app.WithDbAsync(db => db.MemberInsights.AsNoTracking().ToDictionaryAsync(i => i.MemberId));
        Assert.Equal((1, 45m), (insights[buyer.Id].Purchases, insights[buyer.Id].Spend));
        Assert.Equal((0, 0m), (insights[leaver.Id].Purchases, insights[leaver.Id].Spend));
        Assert.Equal((1, 30m, clock.GetUtcNow()), (insights[quiet.Id].Purchases, insights[quiet.Id].Spend, insights[quiet.Id].ComputedAt));
    }

    [Fact]
    public async Task A_changed_window_a_due_full_run_and_Recompute_now_read_every_member()
    {
        var (app, clock, recompute) = Start();
        await using var _app = app;
        for (var i = 0; i < 3; i++) await MemberFactory.RegisterAsync(app, $"Member {i}");
        await recompute.HandleAsync();

        var incremental = await recompute.HandleIncrementalAsync();
        Assert.Equal((false, 0), (incremental.Full, incremental.Read));
        Assert.True((await recompute.HandleAsync()).Full); // Recompute now
        var manage = app.Services.GetRequiredService<ManageSegments>();
        var rfm = await app.WithDbAsync(async db => RfmForm.From((await db.ProgramSettings.SingleAsync()).Rfm));
        rfm.WindowDays = 200;
        await manage.SaveRfmAsync(rfm, "admin@test");
        var afterWindow = await recompute.HandleIncrementalAsync();
        Assert.Equal((true, afterWindow.Members), (afterWindow.Full, afterWindow.Read));
        Assert.False((await recompute.HandleIncrementalAsync()).Full);
        clock.Advance(recompute.FullRunEvery);
        Assert.True((await recompute.HandleIncrementalAsync()).Full);
    }

    [Fact]
    public async Task A_full_run_interval_of_zero_hours_stops_the_app_naming_the_setting()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Segments:FullRunHours"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Segments:FullRunHours must be between 1", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
