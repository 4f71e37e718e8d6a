namespace Loyalty.Web.Data;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Member = "Member";

    /// <summary>A person at a partner brand: sees only that partner (its stores, keys, figures, statements).</summary>
    public const string Partner = "Partner";

    /// <summary>For [Authorize(Roles = ...)] on the admin console.</summary>
    public const string Staff = Admin + "," + Manager;

    public static readonly string[] All = [Admin, Manager, Member, Partner];
}

/// <summary>Claims the portal adds to a signed-in user.</summary>
public static class LoyaltyClaims
{
    /// <summary>The id of the partner a user with the <see cref="Roles.Partner"/> role works for.</summary>
    public const string PartnerId = "loyalty:partner";
}
