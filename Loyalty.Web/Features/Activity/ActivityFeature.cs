namespace Loyalty.Web.Features.Activity;

/// <summary>The ledger pages and their CSV downloads.</summary>
public static class ActivityFeature
{
    public static IServiceCollection AddActivityFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetLedgerPage>();
        return services;
    }
}
