using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Web.Features.Staff;

/// <summary>Staff: invitations into the Admin and Manager roles, role changes, and two-factor authentication for the console.</summary>
public static class StaffFeature
{
    public static IServiceCollection AddStaffFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ManageStaff>();
        services.AddScoped<StaffOperations>(); // Identity's UserManager is scoped
        services.AddOptions<StaffSecurityOptions>().Bind(configuration.GetSection(StaffSecurityOptions.Section));
        services.AddScoped<IAuthorizationHandler, StaffTwoFactorHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, StaffTwoFactorRedirect>();
        return services;
    }
}
