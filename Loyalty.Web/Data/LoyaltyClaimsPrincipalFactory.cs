using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Data;

/// <summary>Identity's principal plus <see cref="LoyaltyClaims.PartnerId"/> for a partner's user (pages and endpoints read the partner from it).</summary>
public sealed class LoyaltyClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PartnerId is { } partnerId)
            identity.AddClaim(new Claim(LoyaltyClaims.PartnerId, partnerId.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
