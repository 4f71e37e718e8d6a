namespace Loyalty.Web.Features.Admin;

/// <summary>The admin overview.</summary>
public static class AdminFeature
{
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetProgramOverview>();
        return services;
    }
}
