namespace Loyalty.Web.Data;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Member = "Member";

    /// <summary>For [Authorize(Roles = ...)] on the admin console.</summary>
    public const string Staff = Admin + "," + Manager;

    public static readonly string[] All = [Admin, Manager, Member];
}
