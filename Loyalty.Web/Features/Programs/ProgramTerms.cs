using Loyalty.Domain.Programs;
using Loyalty.Domain.Stores;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Programs;

/// <summary>The program's terms as the earning hot path needs them: read once, shared, refreshed when changed.</summary>
public sealed record ProgramTerms(
    ProgramSettings Settings,
    TierPolicy Tiers,
    IReadOnlyDictionary<string, decimal> CategoryMultipliers,
    IReadOnlyDictionary<string, Store> StoresByCode);

/// <summary>
/// Caches <see cref="ProgramTerms"/>. Changes made here invalidate it at once; another app instance sees them
/// within <see cref="MaxAge"/>.
/// </summary>
public sealed class ProgramTermsCache(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ProgramTerms Terms, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<ProgramTerms> GetAsync(CancellationToken ct = default)
    {
        if (_current is { } c && clock.GetUtcNow() - c.LoadedAt < MaxAge) return c.Terms;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && clock.GetUtcNow() - again.LoadedAt < MaxAge) return again.Terms;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
            var tiers = new TierPolicy(await db.Tiers.AsNoTracking().ToListAsync(ct));
            var categories = await db.EarningCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Multiplier, StringComparer.OrdinalIgnoreCase, ct);
            var stores = await db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, ct);
            var terms = new ProgramTerms(settings, tiers, categories, stores);
            _current = (terms, clock.GetUtcNow());
            return terms;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _current = null;
}
