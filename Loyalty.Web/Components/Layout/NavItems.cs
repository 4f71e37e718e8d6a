using System.Security.Claims;
using Loyalty.Web.Data;
using MudBlazor;

namespace Loyalty.Web.Components.Layout;

/// <summary>One line of the menu: a link (icon, resource key of its text) or, without <see cref="Href"/>, a section heading.</summary>
/// <param name="MatchAll">Active only on exactly this path (else also on the paths below it).</param>
/// <param name="ForceLoad">A page outside the interactive app (the live boards): loaded in full.</param>
public sealed record NavItem(string? Href, string? Icon, string Label, bool MatchAll = false, bool ForceLoad = false)
{
    public static NavItem Heading(string label) => new(null, null, label);
}

/// <summary>The menu each kind of user sees (anonymous, member, partner user, staff, admin).</summary>
public static class NavItems
{
    private static readonly NavItem[] Everyone =
    [
        new("", Icons.Material.Filled.Home, "Nav.Home", MatchAll: true),
        new("live", Icons.Material.Filled.Leaderboard, "Nav.Live", ForceLoad: true),
    ];

    private static readonly NavItem[] Anonymous = [new("partners", Icons.Material.Filled.Handshake, "Nav.Partners")];

    private static readonly NavItem[] Member =
    [
        NavItem.Heading("Nav.MemberSection"),
        new("dashboard", Icons.Material.Filled.Dashboard, "Nav.Dashboard"),
        new("activity", Icons.Material.Filled.ReceiptLong, "Nav.Activity"),
        new("rewards", Icons.Material.Filled.CardGiftcard, "Nav.Rewards"),
        new("my-rewards", Icons.Material.Filled.ConfirmationNumber, "Nav.MyRewards"),
        new("offers", Icons.Material.Filled.LocalOffer, "Nav.Offers"),
        new("tournaments", Icons.Material.Filled.EmojiEvents, "Nav.Tournaments"),
        new("partners", Icons.Material.Filled.Handshake, "Nav.Partners"),
        new("plus", Icons.Material.Filled.WorkspacePremium, "Plus.Nav"),
        new("referrals", Icons.Material.Filled.GroupAdd, "Referrals.Nav"),
        new("gift", Icons.Material.Filled.Redeem, "Gift.Nav"),
        new("notifications", Icons.Material.Filled.Notifications, "Notifications.Nav"),
        new("feedback", Icons.Material.Filled.RateReview, "Feedback.Nav"),
        new("privacy", Icons.Material.Filled.PrivacyTip, "Nav.Privacy"),
    ];

    private static readonly NavItem[] Partner =
    [
        NavItem.Heading("Nav.PartnerSection"),
        new("partner", Icons.Material.Filled.Insights, "Nav.PartnerOverview", MatchAll: true),
        new("partner/api-keys", Icons.Material.Filled.Key, "Nav.ApiKeys"),
        new("partner/redemptions", Icons.Material.Filled.ConfirmationNumber, "Nav.PartnerRedemptions"),
        new("partner/statements", Icons.Material.Filled.ReceiptLong, "Statement.Title"),
    ];

    private static readonly NavItem[] Staff =
    [
        NavItem.Heading("Nav.AdminSection"),
        new("admin", Icons.Material.Filled.Insights, "Nav.Overview", MatchAll: true),
        new("admin/analytics", Icons.Material.Filled.BarChart, "Nav.Analytics"),
        new("admin/members", Icons.Material.Filled.People, "Nav.Members"),
        new("admin/stores", Icons.Material.Filled.Storefront, "Nav.Stores"),
        new("admin/rewards", Icons.Material.Filled.CardGiftcard, "Nav.Rewards"),
        new("admin/offers", Icons.Material.Filled.LocalOffer, "Nav.Offers"),
        new("admin/campaigns", Icons.Material.Filled.Campaign, "Nav.Campaigns"),
        new("admin/tournaments", Icons.Material.Filled.EmojiEvents, "Nav.Tournaments"),
        new("admin/segments", Icons.Material.Filled.Groups, "Nav.Segments"),
        new("admin/feedback", Icons.Material.Filled.RateReview, "Feedback.Admin.Title"),
    ];

    private static readonly NavItem[] Admin =
    [
        new("admin/bulk-points", Icons.Material.Filled.PlaylistAdd, "Nav.BulkPoints"),
        new("admin/import", Icons.Material.Filled.GroupAdd, "Nav.MemberImport"),
        new("admin/partners", Icons.Material.Filled.Handshake, "Nav.Partners"),
        new("admin/plus", Icons.Material.Filled.WorkspacePremium, "Plus.Admin.Nav"),
        new("admin/settings", Icons.Material.Filled.Settings, "Nav.Settings"),
        new("admin/referrals", Icons.Material.Filled.GroupAdd, "Referrals.Report"),
        new("admin/api-keys", Icons.Material.Filled.Key, "Nav.ApiKeys"),
        new("admin/staff", Icons.Material.Filled.Badge, "Nav.Staff"),
        new("admin/audit", Icons.Material.Filled.History, "Nav.Audit"),
        new("admin/mail", Icons.Material.Filled.Email, "Nav.Mail"),
    ];

    public static IReadOnlyList<NavItem> For(ClaimsPrincipal? user)
    {
        var items = new List<NavItem>(Everyone);
        if (user?.Identity?.IsAuthenticated != true)
        {
            items.AddRange(Anonymous);
            return items;
        }
        if (user.IsInRole(Roles.Member)) items.AddRange(Member);
        if (user.IsInRole(Roles.Partner)) items.AddRange(Partner);
        if (InAny(user, Roles.Staff)) items.AddRange(Staff);
        if (user.IsInRole(Roles.Admin)) items.AddRange(Admin);
        return items;
    }

    /// <summary>A comma-separated role list, as AuthorizeView reads it.</summary>
    private static bool InAny(ClaimsPrincipal user, string roles) =>
        roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(user.IsInRole);
}
