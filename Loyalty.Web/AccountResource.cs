namespace Loyalty.Web;

/// <summary>Marker for the account (Identity) page strings in Resources/AccountResource*.resx.</summary>
public sealed class AccountResource;
