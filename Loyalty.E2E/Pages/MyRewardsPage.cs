using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's vouchers, /my-rewards.</summary>
public sealed class MyRewardsPage(IPage page)
{
    public ILocator Voucher(string code) => page.GetByTestId("voucher").Filter(new() { HasText = code });

    public ILocator VoucherStatus(string code) => Voucher(code).GetByTestId("voucher-status");

    /// <summary>Opens the page; the tests only read it, so this does not wait for the circuit.</summary>
    public async Task GotoAsync() => await page.GotoAsync("/my-rewards");
}
