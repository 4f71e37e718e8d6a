namespace Loyalty.Web.Features.Privacy;

/// <summary>
/// Privacy (README, feature list): "Download my data", a ZIP of everything the program keeps about the signed-in member
/// (<see cref="ExportMemberData"/>); "Delete my account", also done by staff on request (<see cref="EraseMember"/>).
/// </summary>
public static class PrivacyFeature
{
    public static IServiceCollection AddPrivacyFeature(this IServiceCollection services)
    {
        services.AddSingleton<ExportMemberData>();
        services.AddSingleton<EraseMember>();
        return services;
    }
}
