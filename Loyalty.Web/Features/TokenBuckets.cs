using System.Threading.RateLimiting;

namespace Loyalty.Web.Features;

/// <summary>
/// Per-caller allowances "n a minute" as token buckets (<see cref="PartitionedRateLimiter"/>): bursts up to n, refilled every
/// <c>period</c>, never queued. Used by the API keys' limits and the gift recipient look-ups. Per instance.
/// </summary>
internal static class TokenBuckets
{
    public static PartitionedRateLimiter<TKey> PerMinute<TKey>(int perMinute, TimeSpan period) where TKey : notnull
    {
        perMinute = Math.Max(1, perMinute);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute * (int)period.TotalSeconds / 60),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return PartitionedRateLimiter.Create<TKey, TKey>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    /// <summary>Null when <paramref name="key"/> may go now; otherwise how long until it may (at least one period when the limiter does not say).</summary>
    public static TimeSpan? TryTake<TKey>(PartitionedRateLimiter<TKey> limiter, TKey key, TimeSpan period) where TKey : notnull
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : period;
    }
}
