namespace Loyalty.Web.Features.Programs;

/// <summary>The program's terms and their settings page.</summary>
public static class ProgramsFeature
{
    public static IServiceCollection AddProgramsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ProgramTermsCache>();
        services.AddSingleton<ManageProgramSettings>();
        return services;
    }
}
