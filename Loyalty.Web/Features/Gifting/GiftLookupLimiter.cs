using System.Threading.RateLimiting;
using Loyalty.Domain;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Gifting;

/// <summary>The <c>Gifting</c> section.</summary>
public sealed class GiftingOptions
{
    public const string Section = "Gifting";

    /// <summary>
    /// Recipient look-ups per minute per member (each shows a display name for a member number or e-mail address, so without a
    /// limit a member could walk the numbers or test addresses). Bursts up to this, refilled every 10 seconds; 0 = no limit.
    /// </summary>
    public int RecipientLookupsPerMinute { get; set; } = 10;
}

/// <summary>
/// A token bucket per giver for recipient look-ups (<see cref="TokenBuckets"/>); taken before the look-up, so a
/// known and an unknown recipient cost the same. Per instance: with several instances a member gets this rate on each.
/// </summary>
public sealed class GiftLookupLimiter : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private readonly PartitionedRateLimiter<long>? _lookups;

    public GiftLookupLimiter(IOptions<GiftingOptions> options)
    {
        var perMinute = options.Value.RecipientLookupsPerMinute;
        if (perMinute > 0) _lookups = TokenBuckets.PerMinute<long>(perMinute, Period);
    }

    /// <summary>Refuses (<see cref="RefusalKind.Limited"/>, with when to try again) once the member has used up their look-ups.</summary>
    public void Take(long memberId)
    {
        if (_lookups is null || TokenBuckets.TryTake(_lookups, memberId, Period) is not { } after) return;
        throw DomainException.Limited("gift.lookups-limited",
            $"Too many look-ups in a short time. Wait {Math.Ceiling(after.TotalSeconds):0} seconds, then try again.", after, field: "recipient");
    }

    public void Dispose() => _lookups?.Dispose();
}
