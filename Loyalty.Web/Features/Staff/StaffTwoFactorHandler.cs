using Loyalty.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Staff;

/// <summary>The <c>Security</c> section of appsettings.json.</summary>
public sealed class StaffSecurityOptions
{
    public const string Section = "Security";

    /// <summary>Staff must turn on two-factor authentication before any console page opens. Unset: on outside Development.</summary>
    public bool? RequireStaffTwoFactor { get; set; }

    public bool StaffTwoFactorRequired(IHostEnvironment environment) => RequireStaffTwoFactor ?? !environment.IsDevelopment();
}

/// <summary>
/// Fails every authorization that asks for a staff role while the signed-in person has not turned on two-factor
/// authentication; the router then sends them to set it up (Components/Shared/StaffTwoFactorGate.razor).
/// </summary>
public sealed class StaffTwoFactorHandler(UserManager<ApplicationUser> users, IOptions<StaffSecurityOptions> options, IHostEnvironment environment)
    : IAuthorizationHandler
{
    public const string Reason = "staff-two-factor";

    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (!options.Value.StaffTwoFactorRequired(environment) || context.User.Identity?.IsAuthenticated != true) return;
        var asksForStaff = context.Requirements.OfType<RolesAuthorizationRequirement>()
            .Any(r => r.AllowedRoles.Any(role => role is Roles.Admin or Roles.Manager));
        if (!asksForStaff || !(context.User.IsInRole(Roles.Admin) || context.User.IsInRole(Roles.Manager))) return;
        if (await users.GetUserAsync(context.User) is { TwoFactorEnabled: true }) return;
        context.Fail(new AuthorizationFailureReason(this, Reason));
    }
}
