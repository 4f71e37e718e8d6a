using Loyalty.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>
/// The one-time link that lets an imported member claim their account: valid for 30 days (a member may be away longer
/// than staff are), and spent once the password is set (security stamp).
/// </summary>
public sealed class MemberClaimTokenOptions : DataProtectionTokenProviderOptions
{
    public const string ProviderName = "MemberClaim";
    public const string Purpose = "member-claim";

    public MemberClaimTokenOptions()
    {
        Name = ProviderName;
        TokenLifespan = TimeSpan.FromDays(30);
    }
}

public sealed class MemberClaimTokenProvider(IDataProtectionProvider protection, IOptions<MemberClaimTokenOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(protection, options, logger);
