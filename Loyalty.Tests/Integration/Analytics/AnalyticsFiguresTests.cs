using System.Net;
using System.Text;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Analytics;
using Loyalty.Web.Features.Points;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Analytics;

/// <summary>
/// The analytics figures on a small history checked by hand (2 points per EUR at the partner's store), read from the
/// rollups only, and the CSV endpoint that serves each table.
/// </summary>
public sealed class AnalyticsFiguresTests(AnalyticsAppFactory app) : IClassFixture<AnalyticsAppFactory>
{
    private static readonly DateOnly May1 = new(2027, 5, 1);
    private static readonly AnalyticsFilter May = new(May1, new DateOnly(2027, 5, 31), AnalyticsPeriod.Week);

    private sealed record History(long Riga, long Tartu, int StoreId);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static History? _history;

    /// <summary>
    /// Mon 3 May: Riga's member funded 1000 (adjust) and buys 50 EUR (+100), Tartu's funded 50 expiring on the 12th and buys
    /// 20 EUR (+40); Riga returns 10 EUR (−20), redeems 100 and has it cancelled (+100). Mon 10 May: Riga buys 30 and 10 EUR
    /// (+60, +20). 20 May: maintenance expires Tartu's 50.
    /// </summary>
    private async Task<History> HistoryAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_history is { } done) return done;
            var clock = app.Time;
            var start = clock.GetUtcNow();
            var partner = await SettlementWorld.PartnerAsync(app);
            var riga = await MemberFactory.RegisterAsync(app, city: "Riga");
            var tartu = await MemberFactory.RegisterAsync(app, city: "Tartu");
            await MemberFactory.FundAsync(app, riga.Id, 1_000, at: start);
            await MemberFactory.FundAsync(app, tartu.Id, 50, expiresAt: start.AddDays(9), at: start);
            var first = await SettlementWorld.BuyAsync(app, riga.Number, partner, 50m, start);
            await SettlementWorld.BuyAsync(app, tartu.Number, partner, 20m, start);
            await SettlementWorld.ReturnAsync(app, first, 10m, start);
            await SettlementWorld.CancelAsync(app, await SettlementWorld.RedeemAsync(app, riga.Id, partner));
            clock.Advance(TimeSpan.FromDays(7));
            await SettlementWorld.BuyAsync(app, riga.Number, partner, 30m, clock.GetUtcNow());
            await SettlementWorld.BuyAsync(app, riga.Number, partner, 10m, clock.GetUtcNow());
            clock.Advance(TimeSpan.FromDays(10));
            await app.Services.GetRequiredService<RunPointsMaintenance>().HandleAsync();
            await AnalyticsWorld.RollUpAllAsync(app, batchSize: 3);
            var storeId = await app.WithDbAsync(db => db.Stores.Where(s => s.PartnerId == partner.Id).Select(s => s.Id).SingleAsync());
            return (_history = new History(riga.Id, tartu.Id, storeId));
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task Points_per_week_breakage_redemption_rate_and_liability_add_up_to_the_hand_checked_history()
    {
        await HistoryAsync();

        var points = await app.Services.GetRequiredService<GetPointsAnalytics>().HandleAsync(May);

        Assert.Equal([new DateOnly(2027, 4, 26), new(2027, 5, 3), new(2027, 5, 10), new(2027, 5, 17), new(2027, 5, 24), new(2027, 5, 31)],
            points.Periods.Select(p => p.Start));
        var week1 = points.Periods[1];
        Assert.Equal((140L, 100L, 20L, 100L, 1_050L), (week1.Issued, week1.Redeemed, week1.Returned, week1.Refunded, week1.Adjusted));
        Assert.Equal(80, points.Periods[2].Issued);
        Assert.Equal(50, points.Periods.Sum(p => p.Expired));
        Assert.Equal(220, points.Periods.Sum(p => p.Issued));
        Assert.Equal(50 / 220.0, points.Breakage!.Value, 6);
        Assert.Equal(100 / 220.0, points.RedemptionRate!.Value, 6);
        // 1000 + 50 + 100 + 40 − 20 − 100 + 100 + 60 + 20 − 50: the ledger's own sum, and its money at the program's point value.
        var ledger = await app.WithDbAsync(db => db.LedgerEntries.SumAsync(e => e.Points));
        Assert.Equal((1_200L, 1_200L), (ledger, points.Periods[^1].OutstandingAtEnd));
        var program = await app.WithDbAsync(db => db.ProgramSettings.SingleAsync());
        Assert.Equal(program.MoneyValue(1_200), points.Periods[^1].LiabilityAtEnd);
        Assert.Equal(IgnoredFilters.None, points.Ignored);
    }

    [Fact]
    public async Task A_city_filter_keeps_only_that_citys_members_points_and_a_store_filter_is_named_as_not_applied()
    {
        await HistoryAsync();
        var query = app.Services.GetRequiredService<GetPointsAnalytics>();

        var riga = await query.HandleAsync(May with { City = "Riga" });
        var byStore = await query.HandleAsync(May with { StoreId = 1 });

        Assert.Equal(180, riga.Periods.Sum(p => p.Issued));
        Assert.Equal(0, riga.Periods.Sum(p => p.Expired));
        Assert.Equal(1_000, riga.Periods.Sum(p => p.Adjusted));
        Assert.Equal(IgnoredFilters.Store, byStore.Ignored);
        Assert.Equal(220, byStore.Periods.Sum(p => p.Issued));
    }

    [Fact]
    public async Task Members_new_and_total_per_week_sales_active_months_repeat_rate_and_the_retention_grid_follow_the_history()
    {
        var history = await HistoryAsync();

        var members = await app.Services.GetRequiredService<GetMemberAnalytics>().HandleAsync(May);
        var atStore = await app.Services.GetRequiredService<GetMemberAnalytics>().HandleAsync(May with { StoreId = history.StoreId + 1000 });

        Assert.Equal([0, 2, 0, 0, 0, 0], members.Periods.Select(p => p.New));
        Assert.Equal([0, 2, 2, 2, 2, 2], members.Periods.Select(p => p.Total));
        Assert.Equal([(0L, 0m), (2L, 70m), (2L, 40m), (0L, 0m), (0L, 0m), (0L, 0m)], members.Periods.Select(p => (p.Purchases, p.Sales)));
        Assert.Equal([new ActiveMonth(May1, 2, 1)], members.Months);
        Assert.Equal(0.5, members.RepeatRate);
        var cohort = Assert.Single(members.Cohorts);
        Assert.Equal((May1, 2), (cohort.JoinMonth, cohort.Joined));
        Assert.Equal([1.0], cohort.Retained);
        Assert.Equal(0, atStore.Periods.Sum(p => p.Purchases)); // another store sold nothing
        Assert.Equal(IgnoredFilters.Store, atStore.PeriodsIgnored); // joins have no store
    }

    [Fact]
    public async Task Tiers_count_the_members_per_tier_and_a_segment_filter_on_the_segment_sizes_is_named_as_not_applied()
    {
        await HistoryAsync();

        var tiers = await app.Services.GetRequiredService<GetTierAnalytics>().HandleAsync(May with { SegmentId = 1 });
        var all = await app.Services.GetRequiredService<GetTierAnalytics>().HandleAsync(May);

        Assert.Equal(2, all.Tiers.Sum(t => t.Members));
        Assert.Equal(0, tiers.Tiers.Sum(t => t.Members)); // nobody is in a segment yet
        Assert.Equal(IgnoredFilters.Segment, tiers.SegmentsIgnored);
        Assert.Equal(IgnoredFilters.None, tiers.TiersIgnored);
    }

    [Fact]
    public async Task A_second_pass_over_rolled_up_rows_finds_nothing_and_changes_nothing()
    {
        await HistoryAsync();
        var before = await AnalyticsWorld.LedgerRollupAsync(app);

        var read = await app.Services.GetRequiredService<RollUpAnalytics>().HandleAsync();

        Assert.Equal(0, read);
        Assert.Equal(before, await AnalyticsWorld.LedgerRollupAsync(app));
        Assert.Equal(await AnalyticsWorld.LedgerRecomputedAsync(app), before);
    }

    [Fact]
    public async Task The_points_csv_has_its_header_row_and_one_row_per_week_with_the_figures()
    {
        await HistoryAsync();
        var admin = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(admin, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var response = await admin.GetAsync("/admin/analytics/points.csv?" + May.ToQueryString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("period,issued,redeemed,expired,returned,refunded,adjusted,outstanding_points,liability_", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("2027-05-03,140,100,", lines[2]);
    }

    [Theory]
    [InlineData("members", "period,new_members,members_at_end,purchases,sales")]
    [InlineData("active-members", "month,active_members,repeat_buyers")]
    [InlineData("cohorts", "join_month,joined,month_0")]
    [InlineData("tiers", "tier,members")]
    [InlineData("segments", "segment,members")]
    [InlineData("tier-movements", "period,tier,moved_up_into,moved_down_into")]
    public async Task Every_table_of_the_page_downloads_with_its_header_row(string name, string header)
    {
        await HistoryAsync();
        var admin = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(admin, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var response = await admin.GetAsync($"/admin/analytics/{name}.csv?" + May.ToQueryString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(header, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split('\n')[0].Trim());
    }

    [Fact]
    public async Task A_bad_filter_is_a_400_that_says_what_to_fix()
    {
        var admin = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(admin, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);

        var response = await admin.GetAsync("/admin/analytics/points.csv?from=2027-05-31&to=2027-05-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'to' must not be before 'from'.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_member_cannot_download_an_analytics_table()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"m-{Guid.NewGuid():N}@example.com";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, "Str0ng!Passw0rd")).Succeeded);
        await users.AddToRoleAsync(user, Roles.Member);
        var member = app.CreateBrowserlessClient();
        await FormPoster.LoginAsync(member, email, "Str0ng!Passw0rd");

        var response = await member.GetAsync("/admin/analytics/points.csv");

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Redirect, HttpStatusCode.Found });
        if (response.StatusCode != HttpStatusCode.Forbidden) Assert.Contains("AccessDenied", response.Headers.Location!.ToString());
    }
}
