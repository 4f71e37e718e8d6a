namespace Loyalty.Web.Features.Partners;

/// <summary>Coalition partners: admins create, edit, suspend and reactivate them and give them stores; members see where to earn and spend.</summary>
public static class PartnersFeature
{
    public static IServiceCollection AddPartnersFeature(this IServiceCollection services)
    {
        services.AddSingleton<PartnerLogos>();
        services.AddSingleton<SearchPartners>();
        services.AddSingleton<GetPartner>();
        services.AddSingleton<SavePartner>();
        services.AddSingleton<SuspendPartner>();
        services.AddSingleton<ReactivatePartner>();
        services.AddSingleton<ListPartnerChoices>();
        services.AddSingleton<GetPartnerDirectory>();
        return services;
    }
}
