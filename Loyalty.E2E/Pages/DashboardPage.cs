using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>Drives the member's dashboard, /dashboard, where a member lands after logging in.</summary>
public sealed class DashboardPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator AvailablePoints => page.GetByTestId("available-points");
    public ILocator PendingPoints => page.GetByTestId("pending-points");
    public ILocator AvailableMoney => page.GetByTestId("available-money");
    public ILocator TierName => page.GetByTestId("tier-name");
    public ILocator TierProgress => page.GetByTestId("tier-progress");
    public ILocator EmptyState => page.GetByTestId("empty-state");

    /// <summary>The dashboard once connected and loaded: from then on a change of points moves it without a reload.</summary>
    public ILocator Live => page.Locator("[data-testid=dashboard][data-live=true]");

    /// <summary>An entry of the recent activity, by its reason.</summary>
    public ILocator Activity(string reason) => page.GetByText(reason);

    public ILocator Activity(System.Text.RegularExpressions.Regex reason) => page.GetByText(reason);

    /// <summary>The recent activity's row of an entry, by its reason (a row that arrived while the page was open is highlighted).</summary>
    public ILocator ActivityRow(string reason) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = reason });
}
