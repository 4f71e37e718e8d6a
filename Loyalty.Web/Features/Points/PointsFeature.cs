namespace Loyalty.Web.Features.Points;

/// <summary>Points: balances, debits, staff adjustments (one by one or from a CSV file), expiry and tier reviews.</summary>
public static class PointsFeature
{
    public static IServiceCollection AddPointsFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetMemberBalance>();
        services.AddSingleton<DebitPoints>();
        services.AddSingleton<AdjustPoints>();
        services.AddSingleton<PreviewBulkPoints>();
        services.AddSingleton<ApplyBulkPoints>();
        services.AddSingleton<RunPointsMaintenance>();
        return services;
    }
}
