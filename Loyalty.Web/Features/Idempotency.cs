using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features;

/// <summary>
/// A caller's key for one single-item change (a points adjustment, a tier override, a voucher use, an offer activation).
/// </summary>
/// <param name="Scope">The kind of change and whose key it is ("points.adjust:alice@example.com"): two callers never collide.</param>
public sealed record IdempotencyKey(string Scope, string Key)
{
    /// <summary>The caller's key in its scope, or null without one; a key that is not 1-100 visible ASCII characters is refused.</summary>
    public static IdempotencyKey? For(string scope, string? key)
    {
        if (key is null) return null;
        if (key.Length is 0 or > IdempotencyRecord.MaxKeyLength || key.Any(c => c is < '!' or > '~'))
            throw DomainException.Invalid("request.idempotency-key",
                $"An idempotency key is 1-{IdempotencyRecord.MaxKeyLength} visible ASCII characters (a GUID is a good one).", field: "Idempotency-Key");
        return new IdempotencyKey(scope.Length > IdempotencyRecord.MaxScopeLength ? scope[..IdempotencyRecord.MaxScopeLength] : scope, key);
    }
}

/// <summary>
/// Applies a change at most once per <see cref="IdempotencyKey"/>: the key and the first answer are stored with the change, in its
/// transaction, so a retry with the same key (a double click, a retry after a lost answer) gets that answer and changes nothing;
/// the same key with a different request is refused. Keys are kept for <see cref="Data.Writing.LedgerWriter.IdempotencyKept"/>.
/// </summary>
public static class Idempotency
{
    /// <param name="request">What the caller asked for: compared (as a hash) with the first request under the same key.</param>
    /// <param name="change">Makes and saves the change; its answer is stored as JSON and returned to retries.</param>
    public static async Task<T> RunOnceAsync<T>(LoyaltyDbContext db, IdempotencyKey? key, object request, DateTimeOffset now, Func<Task<T>> change,
        CancellationToken ct)
    {
        if (key is null) return await change();
        if (await FindAsync<T>(db, key, request, ct) is { } earlier) return earlier.Answer;
        var answer = await change();
        Remember(db, key, request, answer, now);
        await db.SaveChangesAsync(ct);
        return answer;
    }

    /// <summary>The first answer given under this key, or null when the key is new; the key used for another request is refused.</summary>
    public static async Task<Earlier<T>?> FindAsync<T>(LoyaltyDbContext db, IdempotencyKey key, object request, CancellationToken ct)
    {
        var earlier = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == key.Scope && r.Key == key.Key, ct);
        if (earlier is null) return null;
        if (earlier.RequestHash != Hash(request))
            throw DomainException.Conflict("request.key-reused",
                "This idempotency key was already used for a different request; use a new key for a new change.", field: "Idempotency-Key");
        return new Earlier<T>(JsonSerializer.Deserialize<T>(earlier.Answer)!);
    }

    /// <summary>Adds the key and its answer to the context, to be saved with the change.</summary>
    public static void Remember<T>(LoyaltyDbContext db, IdempotencyKey key, object request, T answer, DateTimeOffset now) =>
        db.IdempotencyRecords.Add(new IdempotencyRecord(key.Scope, key.Key, Hash(request), JsonSerializer.Serialize(answer), now));

    private static string Hash(object request) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    public sealed record Earlier<T>(T Answer);
}
