using System.Globalization;
using Loyalty.E2E.Pages;
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
        var rewards = new RewardsPage(member);
        await rewards.GotoAsync();
        var before = Points(await rewards.Balance.InnerTextAsync());

        await rewards.RedeemAsync("Free coffee");

        await Expect(rewards.VoucherCode).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        var voucher = await rewards.VoucherCode.InnerTextAsync();
        await Expect(rewards.VoucherQr(voucher)).ToBeVisibleAsync();
        await rewards.CloseVoucherAsync();
        await Expect(rewards.Balance).ToHaveTextAsync($"You have {before - 500:N0} pts");

        var admin = await server.NewPageAsync();
        await new AccountPages(admin).LoginAsync("admin@loyalty.local", "Admin#Loyalty2026");
        var memberPage = new AdminMemberPage(admin);
        await memberPage.GotoAsync(1);
        await memberPage.OpenVouchersAsync();
        await memberPage.MarkVoucherUsedAsync(voucher);
        await Expect(memberPage.VoucherStatus(voucher)).ToHaveTextAsync("Used");

        var myRewards = new MyRewardsPage(member);
        await myRewards.GotoAsync();
        await Expect(myRewards.VoucherStatus(voucher)).ToHaveTextAsync("Used");
    }

    private static long Points(string text) =>
        long.Parse(text.Replace("You have ", "").Replace(" pts", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
