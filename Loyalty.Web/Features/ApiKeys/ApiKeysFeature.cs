namespace Loyalty.Web.Features.ApiKeys;

/// <summary>API keys: checking a presented key, and creating and revoking them.</summary>
public static class ApiKeysFeature
{
    public static IServiceCollection AddApiKeysFeature(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ManageApiKeys>();
        return services;
    }
}
