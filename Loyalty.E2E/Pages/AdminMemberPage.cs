using System.Globalization;
using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's page of one member, /admin/members/{id}, with its adjust dialog and vouchers tab.</summary>
public sealed class AdminMemberPage(IPage page)
{
    public ILocator AvailablePoints => page.GetByTestId("available-points");

    public ILocator Voucher(string code) => page.GetByTestId("voucher").Filter(new() { HasText = code });

    public ILocator VoucherStatus(string code) => Voucher(code).GetByTestId("voucher-status");

    public async Task GotoAsync(int memberId)
    {
        await page.GotoAsync($"/admin/members/{memberId}");
        await new Shell(page).WaitUntilInteractiveAsync();
    }

    /// <summary>Adjusts the balance (negative to take away) through the dialog.</summary>
    public async Task AdjustPointsAsync(long points, string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Adjust points" }).ClickAsync();
        await page.GetByLabel("Points (negative to take away)").FillAsync(points.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Reason").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save adjustment" }).ClickAsync();
    }

    public Task OpenVouchersAsync() => page.GetByRole(AriaRole.Tab, new() { Name = "Vouchers" }).ClickAsync();

    public Task MarkVoucherUsedAsync(string code) => Voucher(code).GetByRole(AriaRole.Button, new() { Name = "Mark used" }).ClickAsync();
}
