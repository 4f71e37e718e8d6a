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
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
        var earlier = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == key.Scope && r.Key == key.Key, ct);
        if (earlier is not null)
        {
            if (earlier.RequestHash != hash)
                throw DomainException.Conflict("request.key-reused",
                    "This idempotency key was already used for a different request; use a new key for a new change.", field: "Idempotency-Key");
            return JsonSerializer.Deserialize<T>(earlier.Answer)!;
        }
        var answer = await change();
        db.IdempotencyRecords.Add(new IdempotencyRecord(key.Scope, key.Key, hash, JsonSerializer.Serialize(answer), now));
        await db.SaveChangesAsync(ct);
        return answer;
    }
}
