namespace Loyalty.Web.Features.Stores;

/// <summary>Stores: admins create, edit, close, reopen and import them; integrations list them.</summary>
public static class StoresFeature
{
    public static IServiceCollection AddStoresFeature(this IServiceCollection services)
    {
        services.AddSingleton<SearchStores>();
        services.AddSingleton<GetStore>();
        services.AddSingleton<SaveStore>();
        services.AddSingleton<CloseStore>();
        services.AddSingleton<ReopenStore>();
        services.AddSingleton<PreviewStoreImport>();
        services.AddSingleton<ImportStores>();
        services.AddSingleton<ListStores>();
        return services;
    }
}
