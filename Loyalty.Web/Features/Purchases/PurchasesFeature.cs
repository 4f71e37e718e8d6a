namespace Loyalty.Web.Features.Purchases;

/// <summary>Purchases and returns reported by integrations.</summary>
public static class PurchasesFeature
{
    public static IServiceCollection AddPurchasesFeature(this IServiceCollection services)
    {
        services.AddSingleton<RecordPurchase>();
        services.AddSingleton<RecordReturn>();
        return services;
    }
}
