namespace Loyalty.Web.Features.Dashboard;

/// <summary>The member's dashboard.</summary>
public static class DashboardFeature
{
    public static IServiceCollection AddDashboardFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetMemberDashboard>();
        return services;
    }
}
