namespace Loyalty.Web.Features.Settlement;

/// <summary>Monthly settlement statements per partner: read (open months computed, closed ones frozen), closed by an admin, exported as CSV.</summary>
public static class SettlementFeature
{
    public static IServiceCollection AddSettlementFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetPartnerStatement>();
        services.AddSingleton<ListStatementMonths>();
        services.AddSingleton<CloseSettlementMonth>();
        services.AddSingleton<ExportStatementCsv>();
        return services;
    }
}
