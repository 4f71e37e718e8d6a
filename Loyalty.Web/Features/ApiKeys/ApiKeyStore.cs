using System.Collections.Concurrent;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// Finds API keys for authentication without a database round trip per call. A revocation here takes effect at
/// once; on another app instance within <see cref="MaxAge"/>.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, ILogger<ApiKeyStore> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>How stale <see cref="ApiKey.LastUsedAt"/> may be: it is written at most this often per key (and instance), not per call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset LoadedAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastWritten = new();

    /// <summary>Counts <see cref="Forget"/> calls: a read that began before one may hold the key as it was, so it is not cached.</summary>
    private long _forgets;

    public async ValueTask<ApiKey?> FindAsync(string lookup, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(lookup, out var hit) && now - hit.LoadedAt < MaxAge) return hit.Key;
        var forgets = Interlocked.Read(ref _forgets);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Lookup == lookup, ct);
        // Only real keys are cached: random guesses must not grow memory. A key read while it was being revoked (the read
        // began before the revocation's Forget) is used for this call only, so the revoked key is not cached back as active.
        if (key is not null && Interlocked.Read(ref _forgets) == forgets) _cache[lookup] = (key, now);
        return key;
    }

    public void Forget(string lookup)
    {
        Interlocked.Increment(ref _forgets);
        _cache.TryRemove(lookup, out _);
    }

    /// <summary>Notes a call with the key; one caller a minute per key writes <see cref="ApiKey.LastUsedAt"/>, the rest return at once.</summary>
    public async ValueTask RecordUseAsync(ApiKey key)
    {
        var now = clock.GetUtcNow();
        var written = _lastWritten.GetOrAdd(key.Id, key.LastUsedAt ?? DateTimeOffset.MinValue);
        if (now - written < LastUsedResolution || !_lastWritten.TryUpdate(key.Id, now, written)) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missed "last used" must not refuse the call it describes; the next minute writes it.
            logger.LogWarning(e, "Could not record the last use of API key {Lookup}", key.Lookup);
        }
    }
}
