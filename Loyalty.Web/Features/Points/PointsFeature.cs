namespace Loyalty.Web.Features.Points;

/// <summary>Points: balances, debits, staff adjustments, expiry and tier reviews.</summary>
public static class PointsFeature
{
    public static IServiceCollection AddPointsFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetMemberBalance>();
        services.AddSingleton<DebitPoints>();
        services.AddSingleton<AdjustPoints>();
        services.AddSingleton<RunPointsMaintenance>();
        return services;
    }
}
