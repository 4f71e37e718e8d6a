using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the admin's program overview, /admin, where an admin lands after logging in.</summary>
public sealed class AdminOverviewPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Program overview" });

    /// <summary>The outstanding points (the program's liability).</summary>
    public ILocator Liability => page.GetByTestId("liability");
}
