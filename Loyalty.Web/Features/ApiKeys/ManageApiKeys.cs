using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.ApiKeys;

/// <param name="PartnerName">The partner the key belongs to, or null for the program's keys.</param>
public sealed record ApiKeyRow(Guid Id, string Name, string Lookup, ApiScopes Scopes, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, int? PartnerId, string? PartnerName, DateTimeOffset? ExpiresAt, string? AllowedIps)
{
    public long? DailyPointsCap { get; init; }

    /// <summary>When the key first hit its daily cap today (UTC), or null when it has not.</summary>
    public DateTimeOffset? CapReachedToday { get; init; }
}

/// <summary>What a new key may do beyond its scopes: when it stops working, where calls may come from, and how many points it may award a day (all optional).</summary>
public sealed record ApiKeyLimits(DateTimeOffset? ExpiresAt = null, string? AllowedIps = null, long? DailyPointsCap = null);

/// <summary>A partner a key can be made for.</summary>
public sealed record ApiKeyOwner(int PartnerId, string Name);

/// <summary>Admins create (the secret is shown once), list and revoke the keys integrations call the API with.</summary>
public sealed class ManageApiKeys(IDbContextFactory<LoyaltyDbContext> dbFactory, ApiKeyStore store, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var now = clock.GetUtcNow();
        return keys.OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Lookup, k.Scopes, k.CreatedAt, k.CreatedBy, k.RevokedAt, k.LastUsedAt,
                k.PartnerId, k.PartnerId is { } id ? partners.GetValueOrDefault(id) : null, k.ExpiresAt, k.AllowedIps)
            {
                DailyPointsCap = k.DailyPointsCap,
                CapReachedToday = k.ReachedCapOn(now) ? k.CapReachedAt : null,
            }).ToList();
    }

    /// <summary>The keys of one partner only (the partner portal).</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListOfPartnerAsync(int partnerId, CancellationToken ct = default) =>
        (await ListAsync(ct)).Where(k => k.PartnerId == partnerId).ToList();

    /// <summary>The partners a key can be made for (the program itself is always an owner too).</summary>
    public async Task<IReadOnlyList<ApiKeyOwner>> PartnersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new ApiKeyOwner(p.Id, p.Name)).ToListAsync(ct);
    }

    /// <summary>Returns the whole key; only its hash is kept, so this is the one time anyone sees it.</summary>
    /// <param name="partnerId">The partner the key belongs to and whose stores it may post at; null for the program's own stores.</param>
    /// <param name="limits">An optional expiry (in the future), allow-list of addresses and CIDR networks, and daily points cap (above 0).</param>
    public async Task<string> CreateAsync(string name, ApiScopes scopes, string actor, int? partnerId = null, ApiKeyLimits? limits = null,
        CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100) throw DomainException.Invalid("api-key.name", "Give the key a name of 1-100 characters, e.g. the till system it is for.", field: "name");
        if (scopes == ApiScopes.None || (scopes & ~ApiScopes.All) != 0) throw DomainException.Invalid("api-key.scopes", "Choose at least one scope.", field: "scopes");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (partnerId is { } id && !await db.Partners.AnyAsync(p => p.Id == id, ct))
            throw DomainException.Invalid("api-key.partner", "That partner does not exist; choose the program or one of the partners.", field: "partnerId");
        var now = clock.GetUtcNow();
        if (limits?.ExpiresAt <= now)
            throw DomainException.Invalid("api-key.expires-at", "The expiry must be in the future (or empty for a key that does not expire).", field: "expiresAt");
        var (key, plaintext) = ApiKey.Create(name, scopes, now, actor, partnerId, limits?.ExpiresAt, IpAllowList.Normalize(limits?.AllowedIps),
            limits?.DailyPointsCap);
        db.ApiKeys.Add(key);
        audit.Record(db, actor, "api-key.created", $"api-key:{key.Lookup}", null,
            new { key.Name, Scopes = key.Scopes.ToString(), key.PartnerId, key.ExpiresAt, key.AllowedIps, key.DailyPointsCap });
        await db.SaveChangesAsync(ct);
        return plaintext;
    }

    public Task RevokeAsync(Guid id, string actor, CancellationToken ct = default) => RevokeAsync(id, actor, null, ct);

    /// <summary>Revokes a key only if it is the partner's: another owner's key id gets the same answer as one that does not exist.</summary>
    public Task RevokeOfPartnerAsync(int partnerId, Guid id, string actor, CancellationToken ct = default) => RevokeAsync(id, actor, partnerId, ct);

    private async Task RevokeAsync(Guid id, string actor, int? ofPartner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && (ofPartner == null || k.PartnerId == ofPartner), ct)
                  ?? throw DomainException.NotFound("api-key.not-found", "That API key does not exist.", field: "id");
        if (!key.IsActive) return;
        key.Revoke(clock.GetUtcNow());
        audit.Record(db, actor, "api-key.revoked", $"api-key:{key.Lookup}", new { Active = true }, new { Active = false });
        await db.SaveChangesAsync(ct);
        store.Forget(key.Lookup);
    }
}
