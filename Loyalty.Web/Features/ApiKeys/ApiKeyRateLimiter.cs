using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>The <c>Api</c> section: how many calls one key may make.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Api";

    /// <summary>Calls per minute per key (every endpoint, balance reads included); bursts up to this, refilled every 10 seconds.</summary>
    public int RequestsPerMinutePerKey { get; set; } = 600;
}

/// <summary>
/// A token bucket per key id (<see cref="PartitionedRateLimiter"/>), so one busy or stolen key cannot slow the others. Per
/// instance: with several instances a key gets this rate on each.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public ApiKeyRateLimiter(IOptions<ApiKeyOptions> options)
    {
        var perMinute = Math.Max(1, options.Value.RequestsPerMinutePerKey);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute * (int)Period.TotalSeconds / 60),
            ReplenishmentPeriod = Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(id => RateLimitPartition.GetTokenBucketLimiter(id, _ => bucket));
    }

    /// <summary>Null when the key may make this call now; otherwise how long to wait before the next.</summary>
    public TimeSpan? TryAcquire(Guid keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : Period;
    }

    public void Dispose() => _limiter.Dispose();
}
