using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.ApiKeys;

/// <summary>The <c>Api</c> section: how many calls one key may make.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Api";

    /// <summary>Calls per minute per key (every endpoint, balance reads included); bursts up to this, refilled every 10 seconds.</summary>
    public int RequestsPerMinutePerKey { get; set; } = 600;

    /// <summary>
    /// Balance reads by member number per minute per key, on top of <see cref="RequestsPerMinutePerKey"/>: tighter, so a key cannot
    /// walk the member numbers. Known and unknown numbers cost the same.
    /// </summary>
    public int BalanceReadsPerMinutePerKey { get; set; } = 120;
}

/// <summary>
/// Token buckets per key id (<see cref="PartitionedRateLimiter"/>), so one busy or stolen key cannot slow the others: one for every
/// call, and a tighter one for balance reads. Per instance: with several instances a key gets these rates on each.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly PartitionedRateLimiter<Guid> _calls;
    private readonly PartitionedRateLimiter<Guid> _balanceReads;

    public ApiKeyRateLimiter(IOptions<ApiKeyOptions> options)
    {
        _calls = PerKey(options.Value.RequestsPerMinutePerKey);
        _balanceReads = PerKey(options.Value.BalanceReadsPerMinutePerKey);
    }

    /// <summary>Null when the key may make this call now; otherwise how long to wait before the next.</summary>
    public TimeSpan? TryAcquire(Guid keyId) => Acquire(_calls, keyId);

    /// <summary>The same for a balance read by member number (taken before the number is looked up, so every number costs the same).</summary>
    public TimeSpan? TryAcquireBalanceRead(Guid keyId) => Acquire(_balanceReads, keyId);

    private static PartitionedRateLimiter<Guid> PerKey(int perMinute) => TokenBuckets.PerMinute<Guid>(perMinute, Period);

    private static TimeSpan? Acquire(PartitionedRateLimiter<Guid> limiter, Guid keyId) => TokenBuckets.TryTake(limiter, keyId, Period);

    public void Dispose()
    {
        _calls.Dispose();
        _balanceReads.Dispose();
    }
}
