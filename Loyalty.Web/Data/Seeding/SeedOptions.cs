namespace Loyalty.Web.Data.Seeding;

/// <summary>The <c>Seed</c> section: the first admin and the demo program.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";
    public const string DevelopmentAdminEmail = "admin@loyalty.local";
    public const string DevelopmentAdminPassword = "Admin#Loyalty2026";
    public const string DemoMemberEmail = "demo@loyalty.local";
    public const string DemoMemberPassword = "Demo#Loyalty2026";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>Seed the demo program (tiers, stores, members with history). Unset: on in Development only.</summary>
    public bool? Demo { get; set; }
}
