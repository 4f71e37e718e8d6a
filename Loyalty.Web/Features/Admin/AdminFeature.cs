namespace Loyalty.Web.Features.Admin;

/// <summary>The admin overview and its first-run checklist.</summary>
public static class AdminFeature
{
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetProgramOverview>();
        services.AddSingleton<GetSetupChecklist>();
        return services;
    }
}
