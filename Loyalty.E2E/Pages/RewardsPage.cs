using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's rewards catalog, /rewards, and its redeem dialog.</summary>
public sealed class RewardsPage(IPage page)
{
    private ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    /// <summary>"You have N pts" above the catalog.</summary>
    public ILocator Balance => page.GetByTestId("catalog-balance");

    public ILocator Reward(string name) => page.GetByTestId("reward-card").Filter(new() { HasText = name });

    /// <summary>The code of the voucher just redeemed, in the dialog.</summary>
    public ILocator VoucherCode => Dialog.GetByTestId("voucher-code");

    public ILocator VoucherQr(string code) => page.GetByRole(AriaRole.Img, new() { Name = $"QR code of voucher {code}" });

    public async Task GotoAsync()
    {
        await page.GotoAsync("/rewards");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Redeems a reward and confirms it in the dialog, which then shows the voucher.</summary>
    public async Task RedeemAsync(string name)
    {
        await Reward(name).GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
        await Dialog.GetByRole(AriaRole.Button, new() { Name = "Redeem" }).ClickAsync();
    }

    public Task CloseVoucherAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
}
