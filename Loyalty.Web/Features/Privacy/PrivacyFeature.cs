namespace Loyalty.Web.Features.Privacy;

/// <summary>
/// Privacy (README, feature list): "Download my data", a ZIP of everything the program keeps about the signed-in member
/// (<see cref="ExportMemberData"/>).
/// </summary>
public static class PrivacyFeature
{
    public static IServiceCollection AddPrivacyFeature(this IServiceCollection services)
    {
        services.AddSingleton<ExportMemberData>();
        return services;
    }
}
