using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class PointsTests(PortalServer server)
{
    [Fact]
    public async Task The_demo_member_filters_activity_to_earnings_and_sees_reasons_with_arithmetic()
    {
        var page = await server.NewPageAsync();
        await new AccountPages(page).LoginAsync("demo@loyalty.local", "Demo#Loyalty2026");
        var activity = new ActivityPage(page);
        await activity.GotoAsync();

        await activity.FilterByKindAsync("Earned");

        await Expect(activity.Cells("Redeemed")).ToHaveCountAsync(0);
        // The latest earning may be at a partner, at its own rate (another test buys there).
        await Expect(activity.Reasons.First).ToHaveTextAsync(new Regex(@"^Purchase [\d,.]+ EUR at .+: [\d,.]+ × [\d.]+ pts × \w+ [\d.]+.* = [\d,]+ pts$"));
        Assert.True(await activity.Reasons.CountAsync() > 5);
    }

    [Fact]
    public async Task An_admin_adjusts_points_with_a_reason_the_member_sees_the_new_balance_and_the_audit_lists_it()
    {
        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        var memberPage = new AdminMemberPage(admin);
        await memberPage.GotoAsync(1);
        var before = Points(await memberPage.AvailablePoints.InnerTextAsync());

        await memberPage.AdjustPointsAsync(1234, "Goodwill for a late delivery");
        await Expect(memberPage.AvailablePoints).ToHaveTextAsync($"{before + 1234:N0} pts");

        var member = await server.NewPageAsync();
        await new AccountPages(member).LoginAsync("demo@loyalty.local", "Demo#Loyalty2026");
        var dashboard = new DashboardPage(member);
        await Expect(dashboard.AvailablePoints).ToHaveTextAsync($"{before + 1234:N0} pts");
        await Expect(dashboard.Activity("Adjustment by admin@loyalty.local: Goodwill for a late delivery")).ToBeVisibleAsync();

        var audit = new AdminAuditPage(admin);
        await audit.GotoAsync();
        await Expect(audit.Entry("Goodwill for a late delivery")).ToContainTextAsync("points.adjusted");
        await Expect(audit.Entry("Goodwill for a late delivery")).ToContainTextAsync("member:LY-000001");
    }

    private static long Points(string text) => long.Parse(text.Replace(" pts", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
