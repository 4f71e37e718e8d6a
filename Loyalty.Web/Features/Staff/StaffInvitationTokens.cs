using Loyalty.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Staff;

/// <summary>The one-time link in a staff invitation: valid for 72 hours, and spent once the password is set (security stamp).</summary>
public sealed class StaffInvitationTokenOptions : DataProtectionTokenProviderOptions
{
    public const string ProviderName = "StaffInvitation";
    public const string Purpose = "staff-invitation";

    public StaffInvitationTokenOptions()
    {
        Name = ProviderName;
        TokenLifespan = TimeSpan.FromHours(72);
    }
}

public sealed class StaffInvitationTokenProvider(IDataProtectionProvider protection, IOptions<StaffInvitationTokenOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(protection, options, logger);
