using Loyalty.Web.Features.Members;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Segments;

public static class SegmentServiceCollectionExtensions
{
    /// <summary>Segments, their schedule and the member's privacy and profile preferences.</summary>
    public static IServiceCollection AddSegmentFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SegmentOptions>().Bind(configuration.GetSection(SegmentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SegmentOptions>, SegmentOptions.Validator>();
        services.AddSingleton<RecomputeSegments>();
        services.AddSingleton<ManageSegments>();
        services.AddSingleton<GetMemberSegments>();
        services.AddSingleton<UpdateMemberPreferences>();
        services.AddHostedService<SegmentRefreshService>();
        return services;
    }
}
