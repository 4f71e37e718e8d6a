using System.Collections.Concurrent;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// Finds API keys for authentication without a database round trip per call. A revocation here takes effect at
/// once; on another app instance within <see cref="MaxAge"/>.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset LoadedAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<ApiKey?> FindAsync(string lookup, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(lookup, out var hit) && now - hit.LoadedAt < MaxAge) return hit.Key;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Lookup == lookup, ct);
        // Only real keys are cached: random guesses must not grow memory.
        if (key is not null) _cache[lookup] = (key, now);
        return key;
    }

    public void Forget(string lookup) => _cache.TryRemove(lookup, out _);
}
