using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Components.Account;

/// <summary>Where a person lands after signing in without a return address: staff on the console, partners on their portal, members on their dashboard.</summary>
internal static class AccountLanding
{
    public static async Task<string> PathAsync(UserManager<ApplicationUser> users, ApplicationUser? user)
    {
        if (user is null) return "";
        if (await users.IsInRoleAsync(user, Roles.Admin) || await users.IsInRoleAsync(user, Roles.Manager)) return "admin";
        if (await users.IsInRoleAsync(user, Roles.Partner)) return "partner";
        return await users.IsInRoleAsync(user, Roles.Member) ? "dashboard" : "";
    }
}
