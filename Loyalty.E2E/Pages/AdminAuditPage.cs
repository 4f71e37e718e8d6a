using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's audit log, /admin/audit.</summary>
public sealed class AdminAuditPage(IPage page)
{
    /// <summary>The audit rows that mention <paramref name="text"/>.</summary>
    public ILocator Entry(string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    /// <summary>Opens the page; the tests only read it, so this does not wait for the circuit.</summary>
    public async Task GotoAsync() => await page.GotoAsync("/admin/audit");
}
