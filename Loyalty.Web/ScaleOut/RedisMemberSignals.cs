using System.Globalization;
using Loyalty.Web.Features.Notifications;
using StackExchange.Redis;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// Member signals across instances (<c>SignalR:Redis</c> set): a member may have the portal open on another instance than the
/// one that committed their change. This instance's pages are told at once, then the signal goes on one Redis channel that
/// every other instance delivers to its own pages. Without Redis, this instance's pages still hear this instance's changes.
/// </summary>
public sealed class RedisMemberSignals : IMemberSignals
{
    private const string Channel = "loyalty:member-signals";

    private readonly LocalMemberSignals _local;
    private readonly RedisConnection _redis;
    private readonly ILogger<RedisMemberSignals> _logger;
    private readonly string _me = Guid.NewGuid().ToString("N");

    public RedisMemberSignals(LocalMemberSignals local, RedisConnection redis, ILogger<RedisMemberSignals> logger)
    {
        (_local, _redis, _logger) = (local, redis, logger);
        redis.Subscribe(Channel, OnSignal);
    }

    public void Publish(MemberSignal signal)
    {
        _local.Deliver(signal);
        // "instance|member|kind": a few bytes per signal; an instance ignores its own.
        _redis.TryPublish(Channel, string.Create(CultureInfo.InvariantCulture, $"{_me}|{signal.MemberId}|{(int)signal.Kind}"), "a member signal");
    }

    public IDisposable Subscribe(long memberId, Action<MemberSignal> handler) => _local.Subscribe(memberId, handler);

    private void OnSignal(RedisValue message)
    {
        var parts = message.ToString().Split('|');
        if (parts.Length != 3 || parts[0] == _me) return;
        if (long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var memberId)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((MemberSignalKind)kind))
            _local.Deliver(new MemberSignal(memberId, (MemberSignalKind)kind));
        else
            _logger.LogWarning("A member signal from another instance could not be read: {Message}", message.ToString());
    }
}
