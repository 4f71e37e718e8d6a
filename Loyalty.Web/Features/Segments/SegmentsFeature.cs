using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Segments;

/// <summary>Segments: value (RFM) and rule segments, recomputing them, and a member's segments.</summary>
public static class SegmentsFeature
{
    public static IServiceCollection AddSegmentsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SegmentOptions>().Bind(configuration.GetSection(SegmentOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SegmentOptions>, SegmentOptions.Validator>();
        services.AddSingleton<RecomputeSegments>();
        services.AddSingleton<ManageSegments>();
        services.AddSingleton<GetMemberSegments>();
        return services;
    }
}
