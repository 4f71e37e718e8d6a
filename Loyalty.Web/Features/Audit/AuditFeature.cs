namespace Loyalty.Web.Features.Audit;

/// <summary>The audit log: recording staff changes and reading them back.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAuditFeature(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<GetAuditLog>();
        return services;
    }
}
