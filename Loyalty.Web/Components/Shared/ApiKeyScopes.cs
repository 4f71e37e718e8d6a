using Loyalty.Domain.Integrations;

namespace Loyalty.Web.Components.Shared;

/// <summary>The scopes a person can give a key, in the order the forms show them.</summary>
public static class ApiKeyScopes
{
    public static readonly ApiScopes[] Shown = [ApiScopes.Transactions, ApiScopes.Events, ApiScopes.Balance, ApiScopes.Vouchers];

    /// <summary>A partner's keys never report activity events (<see cref="ApiKey.GrantedScopes"/>), so its form does not offer them.</summary>
    public static readonly ApiScopes[] ForPartners = [ApiScopes.Transactions, ApiScopes.Balance, ApiScopes.Vouchers];
}
