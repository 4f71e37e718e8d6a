namespace Loyalty.Web.Features.ApiKeys;

/// <summary>API keys: checking a presented key and its rate, and creating and revoking them.</summary>
public static class ApiKeysFeature
{
    public static IServiceCollection AddApiKeysFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.Section));
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ManageApiKeys>();
        return services;
    }
}
