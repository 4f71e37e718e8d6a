using System.Globalization;
using System.Security.Claims;
using Loyalty.Web.Data;

namespace Loyalty.Web.Features.PartnerPortal;

/// <summary>Which partner a signed-in person works for: only ever from their claim, never from a URL or a form.</summary>
public static class PartnerPrincipal
{
    /// <summary>The partner of a user in the Partner role; null for everyone else (and for a claim that does not parse).</summary>
    public static int? PartnerId(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Partner) && int.TryParse(user.FindFirstValue(LoyaltyClaims.PartnerId), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>The partner of a user in the Partner role, or a refusal that reads like "not found" for anyone else.</summary>
    public static int RequirePartnerId(this ClaimsPrincipal user) =>
        user.PartnerId() ?? throw Loyalty.Domain.DomainException.NotFound("partner-portal.no-partner", "Your account is not linked to a partner; ask the program's admin.");
}
