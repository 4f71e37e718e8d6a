using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.E2E.Pages;
using Microsoft.Playwright;
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
        await page.GotoAsync("/activity");
        await new Shell(page).WaitUntilInteractiveAsync();

        await page.GetByLabel("Kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Earned", Exact = true }).ClickAsync();

        var reasons = page.GetByTestId("ledger-reason");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Redeemed", Exact = true })).ToHaveCountAsync(0);
        await Expect(reasons.First).ToHaveTextAsync(new Regex(@"^Purchase [\d.]+ EUR at .+: [\d.]+ × 5 pts × \w+ [\d.]+.* = \d+ pts$"));
        Assert.True(await reasons.CountAsync() > 5);
    }

    [Fact]
    public async Task An_admin_adjusts_points_with_a_reason_the_member_sees_the_new_balance_and_the_audit_lists_it()
    {
        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        await admin.GotoAsync("/admin/members/1");
        await new Shell(admin).WaitUntilInteractiveAsync();
        var before = Points(await admin.GetByTestId("available-points").InnerTextAsync());

        await admin.GetByRole(AriaRole.Button, new() { Name = "Adjust points" }).ClickAsync();
        await admin.GetByLabel("Points (negative to take away)").FillAsync("1234");
        await admin.GetByLabel("Reason").FillAsync("Goodwill for a late delivery");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save adjustment" }).ClickAsync();
        await Expect(admin.GetByTestId("available-points")).ToHaveTextAsync($"{before + 1234:N0} pts");

        var member = await server.NewPageAsync();
        await new AccountPages(member).LoginAsync("demo@loyalty.local", "Demo#Loyalty2026");
        await Expect(new DashboardPage(member).AvailablePoints).ToHaveTextAsync($"{before + 1234:N0} pts");
        await Expect(member.GetByText("Adjustment by admin@loyalty.local: Goodwill for a late delivery")).ToBeVisibleAsync();

        await admin.GotoAsync("/admin/audit");
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "Goodwill for a late delivery" });
        await Expect(row).ToContainTextAsync("points.adjusted");
        await Expect(row).ToContainTextAsync("member:LY-000001");
    }

    private static long Points(string text) => long.Parse(text.Replace(" pts", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
