namespace Loyalty.Web.Features.Retention;

/// <summary>Data retention: detail older than the program keeps it is reduced to what the ledger needs, by a job.</summary>
public static class RetentionFeature
{
    public static IServiceCollection AddRetentionFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.PurchaseItemsYears >= 0, "Retention:PurchaseItemsYears cannot be negative (0 keeps purchase lines for ever).")
            .ValidateOnStart();
        services.AddSingleton<TrimOldPurchaseItems>();
        return services;
    }
}
