using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.PartnerPortal;

/// <summary>
/// A partner user's own API keys, through <see cref="ManageApiKeys"/> with the owner forced to their partner: they list,
/// create and revoke only keys of that partner; another owner's key id gets the same answer as one that does not exist.
/// A suspended partner's users still see their keys and may revoke them, but make no new ones.
/// </summary>
public sealed class PartnerApiKeys(ManageApiKeys keys, IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public Task<IReadOnlyList<ApiKeyRow>> ListAsync(int partnerId, CancellationToken ct = default) => keys.ListOfPartnerAsync(partnerId, ct);

    /// <summary>Returns the whole key: shown once.</summary>
    public async Task<string> CreateAsync(int partnerId, string name, ApiScopes scopes, string actor, ApiKeyLimits? limits = null, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct)
                          ?? throw DomainException.NotFound("partner.not-found", "That partner does not exist.");
            if (!partner.IsActive)
                throw DomainException.Conflict("partner.suspended", $"The partner '{partner.Name}' is suspended; it gets no new API keys until the program reactivates it.");
        }
        return await keys.CreateAsync(name, scopes, actor, partnerId, limits, ct);
    }

    public Task RevokeAsync(int partnerId, Guid keyId, string actor, CancellationToken ct = default) => keys.RevokeOfPartnerAsync(partnerId, keyId, actor, ct);
}
