using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>Member import: an existing member base brought in from CSV with opening balances, and invited to claim their accounts.</summary>
public static class MemberImportFeature
{
    public static IServiceCollection AddMemberImportFeature(this IServiceCollection services)
    {
        services.AddSingleton<PreviewMemberImport>();
        services.AddSingleton<ImportMembers>();
        services.AddSingleton<ClaimInvitations>();
        services.AddScoped<ClaimMemberAccount>(); // Identity's UserManager is scoped
        services.AddScoped<SendClaimInvitation>();
        // What AddTokenProvider does, kept with the feature that uses it.
        services.AddTransient<MemberClaimTokenProvider>();
        services.Configure<IdentityOptions>(o =>
            o.Tokens.ProviderMap[MemberClaimTokenOptions.ProviderName] = new TokenProviderDescriptor(typeof(MemberClaimTokenProvider)));
        return services;
    }
}
