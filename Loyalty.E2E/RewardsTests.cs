using System.Globalization;
using Loyalty.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Loyalty.E2E;

[Collection(PortalCollection.Name)]
public sealed class RewardsTests(PortalServer server)
{
    [Fact]
    public async Task The_demo_member_redeems_a_reward_sees_the_voucher_and_balance_drop_and_the_admin_marks_it_used()
    {
        var member = await server.NewPageAsync();
        await new AccountPages(member).LoginAsync("demo@loyalty.local", "Demo#Loyalty2026");
        await member.GotoAsync("/rewards");
        await new Shell(member).WaitUntilInteractiveAsync();
        var before = Points(await member.GetByTestId("catalog-balance").InnerTextAsync());

        var coffee = member.GetByTestId("reward-card").Filter(new() { HasText = "Free coffee" });
        await coffee.GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await member.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();

        var code = member.GetByRole(AriaRole.Dialog).GetByTestId("voucher-code");
        await Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        var voucher = await code.InnerTextAsync();
        await Expect(member.GetByRole(AriaRole.Img, new() { Name = $"QR code of voucher {voucher}" })).ToBeVisibleAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(member.GetByTestId("catalog-balance")).ToHaveTextAsync($"You have {before - 500:N0} pts");

        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        await admin.GotoAsync("/admin/members/1");
        await new Shell(admin).WaitUntilInteractiveAsync();
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Vouchers" }).ClickAsync();
        var card = admin.GetByTestId("voucher").Filter(new() { HasText = voucher });
        await card.GetByRole(AriaRole.Button, new() { Name = "Mark used" }).ClickAsync();
        await Expect(card.GetByTestId("voucher-status")).ToHaveTextAsync("Used");

        await member.GotoAsync("/my-rewards");
        await Expect(member.GetByTestId("voucher").Filter(new() { HasText = voucher }).GetByTestId("voucher-status")).ToHaveTextAsync("Used");
    }

    private static long Points(string text) =>
        long.Parse(text.Replace("You have ", "").Replace(" pts", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
