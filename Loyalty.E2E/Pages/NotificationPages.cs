using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Loyalty.E2E.Pages;

/// <summary>The bell in the app bar and the unsubscribe page of a notification e-mail.</summary>
public sealed class NotificationPages(IPage page)
{
    /// <summary>The bell's link; its name carries the unread count ("Notifications: 2 unread").</summary>
    public ILocator Bell => page.GetByLabel(new Regex("^Notifications"));

    public ILocator UnsubscribeButton => page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" });

    public ILocator UnsubscribeDone => page.GetByText("you will no longer get e-mails about");
}
