namespace Loyalty.Web.Features.Members;

/// <summary>Members: joining, finding, the signed-in member, tier overrides and their own preferences.</summary>
public static class MembersFeature
{
    public static IServiceCollection AddMembersFeature(this IServiceCollection services)
    {
        services.AddScoped<RegisterMember>(); // uses the scoped UserManager
        services.AddSingleton<CurrentMember>();
        services.AddSingleton<SearchMembers>();
        services.AddSingleton<GetMemberDetail>();
        services.AddSingleton<OverrideTier>();
        services.AddSingleton<UpdateMemberPreferences>();
        return services;
    }
}
