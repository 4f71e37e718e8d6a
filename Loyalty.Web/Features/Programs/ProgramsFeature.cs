namespace Loyalty.Web.Features.Programs;

/// <summary>The program's terms and brand, and their settings page.</summary>
public static class ProgramsFeature
{
    public static IServiceCollection AddProgramsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ProgramTermsCache>();
        services.AddSingleton<ManageProgramSettings>();
        services.AddSingleton<ProgramBrandCache>();
        services.AddSingleton<ManageProgramBrand>();
        services.AddSingleton<BrandImages>();
        return services;
    }
}
