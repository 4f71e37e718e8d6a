using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Data;

/// <summary>A login. The loyalty side of a person is <see cref="Loyalty.Domain.Members.Member"/>.</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>The partner a user with the <see cref="Roles.Partner"/> role works for; null for everyone else.</summary>
    public int? PartnerId { get; set; }
}
