using Loyalty.Domain.Partners;
using Loyalty.Domain.Programs;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Caching;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Programs;

/// <summary>The program's terms as the earning hot path needs them (partners included): read once, shared, refreshed when changed.</summary>
public sealed record ProgramTerms(
    ProgramSettings Settings,
    TierPolicy Tiers,
    IReadOnlyDictionary<string, decimal> CategoryMultipliers,
    IReadOnlyDictionary<string, Store> StoresByCode,
    IReadOnlyDictionary<int, Partner> PartnersById)
{
    /// <summary>The partner a store belongs to, or null for the program's own store.</summary>
    public Partner? PartnerOf(Store store) => store.PartnerId is { } id ? PartnersById.GetValueOrDefault(id) : null;
}

/// <summary>
/// Caches <see cref="ProgramTerms"/>. Changes made here invalidate it at once; other app instances scaled out over Redis
/// (<c>SignalR:Redis</c>) are told at once too, and instances without Redis see them within <see cref="MaxAge"/>.
/// </summary>
public sealed class ProgramTermsCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly RefreshingValue<ProgramTerms> _terms;

    public ProgramTermsCache(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock) =>
        _terms = new(clock, MaxAge, async ct =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
            var tiers = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync(ct));
            var categories = await db.EarningCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Multiplier, StringComparer.OrdinalIgnoreCase, ct);
            var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, ct);
            var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, ct);
            return new ProgramTerms(settings, tiers, categories, stores, partners);
        });

    public ValueTask<ProgramTerms> GetAsync(CancellationToken ct = default) => _terms.GetAsync(ct);

    private Action? _tellOtherInstances;

    /// <summary>The terms changed here (a store closed, say): read them again, here and, scaled out, on every other instance.</summary>
    public void Invalidate()
    {
        _terms.Invalidate();
        _tellOtherInstances?.Invoke();
    }

    /// <summary>The terms changed on another instance (heard over the scale-out bus): read them again here.</summary>
    public void InvalidateHere() => _terms.Invalidate();

    /// <summary>Set by the Redis scale-out (<c>ScaleOut/RedisScoreBus</c>); on one instance nobody else needs telling.</summary>
    public void TellOtherInstancesWith(Action publish) => _tellOtherInstances = publish;
}
