namespace Loyalty.Web.Features.PartnerPortal;

/// <summary>The partner portal: partner users (invited by admins) and what they see of their own partner.</summary>
public static class PartnerPortalFeature
{
    public static IServiceCollection AddPartnerPortalFeature(this IServiceCollection services)
    {
        services.AddSingleton<ManagePartnerUsers>();
        services.AddScoped<PartnerUserOperations>(); // Identity's UserManager is scoped
        services.AddSingleton<GetPartnerOverview>();
        services.AddSingleton<GetPartnerRedemptions>();
        services.AddSingleton<PartnerApiKeys>();
        return services;
    }
}
