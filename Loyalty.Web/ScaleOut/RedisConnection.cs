using StackExchange.Redis;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// This instance's one connection to Redis (<c>SignalR:Redis</c>) for the buses between instances (scores, member signals):
/// it starts, and goes on, while Redis is down, reconnects and subscribes its channels again by itself, and publishing never
/// throws (a change is already committed when it is told).
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly List<(string Channel, Action<RedisValue> Handler)> _subscriptions = [];

    public RedisConnection(string configuration, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        _redis = new(() =>
        {
            var options = ConfigurationOptions.Parse(configuration);
            // Start, and go on, while Redis is down: the multiplexer reconnects and subscribes again by itself when it is back.
            options.AbortOnConnectFail = false;
            var redis = ConnectionMultiplexer.Connect(options);
            redis.ConnectionFailed += (_, e) => _logger.LogWarning(e.Exception,
                "Redis connection lost ({FailureType}): this instance serves its own pages and spectators; other instances' changes wait.", e.FailureType);
            redis.ConnectionRestored += (_, _) => _logger.LogInformation("Redis connection restored: changes flow between instances again.");
            var subscriber = redis.GetSubscriber();
            lock (_subscriptions)
                foreach (var (channel, handler) in _subscriptions) subscriber.Subscribe(RedisChannel.Literal(channel), (_, message) => handler(message));
            return redis;
        });
    }

    /// <summary>Listens to <paramref name="channel"/> from the moment this instance connects (call before <see cref="Connect"/>).</summary>
    public void Subscribe(string channel, Action<RedisValue> handler)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add((channel, handler));
            if (_redis.IsValueCreated) _redis.Value.GetSubscriber().Subscribe(RedisChannel.Literal(channel), (_, message) => handler(message));
        }
    }

    /// <summary>Connects and subscribes (at start, so no change published meanwhile is missed).</summary>
    public void Connect() => _ = _redis.Value;

    /// <summary>Whether Redis is reachable now (for /health/ready, which reports Degraded without it).</summary>
    public bool IsConnected => _redis.Value.IsConnected;

    /// <summary>A round trip to Redis (for /health/ready).</summary>
    public Task<TimeSpan> PingAsync() => _redis.Value.GetDatabase().PingAsync();

    /// <summary>Publishing never fails the change that caused it (already committed): a Redis outage is logged, not thrown.</summary>
    public void TryPublish(string channel, RedisValue message, string what)
    {
        try
        {
            _redis.Value.GetSubscriber().Publish(RedisChannel.Literal(channel), message, CommandFlags.FireAndForget);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Redis is unreachable: {What} was not told to the other instances.", what);
        }
    }

    public void Dispose()
    {
        if (_redis.IsValueCreated) _redis.Value.Dispose();
    }
}
