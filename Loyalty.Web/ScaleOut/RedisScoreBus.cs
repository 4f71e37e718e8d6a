using System.Text.Json;
using Loyalty.Web.Features.Programs;
using Loyalty.Web.Features.Tournaments;
using StackExchange.Redis;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// Several app instances (<c>SignalR:Redis</c> set): this instance's boards are moved at once, and the change is
/// published on a Redis channel that every other instance applies to its boards. Each instance then tells its own
/// spectators (see <see cref="Jobs.LeaderboardBroadcaster"/>), so every spectator sees the same ranks whichever instance scored.
/// It also carries "the program's terms changed" (a store closed or opened, say), so every instance reads its cached
/// <see cref="ProgramTermsCache"/> again at once instead of within its 30 s.
/// </summary>
public sealed class RedisScoreBus : IScoreBus, IDisposable
{
    private const string ScoresChannel = "loyalty:tournament-scores";
    private const string TournamentsChannel = "loyalty:tournaments";
    private const string TermsChannel = "loyalty:program-terms";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LeaderboardRegistry _registry;
    private readonly LiveTournamentsCache _liveCache;
    private readonly ProgramTermsCache _terms;
    private readonly ILogger<RedisScoreBus> _logger;
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly string _me = Guid.NewGuid().ToString("N");

    public RedisScoreBus(LeaderboardRegistry registry, LiveTournamentsCache liveCache, ProgramTermsCache terms, string configuration,
        ILogger<RedisScoreBus> logger)
    {
        (_registry, _liveCache, _terms, _logger) = (registry, liveCache, terms, logger);
        _redis = new(() =>
        {
            var options = ConfigurationOptions.Parse(configuration);
            // Start, and go on, while Redis is down: the multiplexer reconnects and subscribes again by itself when it is back.
            options.AbortOnConnectFail = false;
            var redis = ConnectionMultiplexer.Connect(options);
            redis.ConnectionFailed += (_, e) => _logger.LogWarning(e.Exception,
                "Redis connection lost ({FailureType}): this instance serves its own spectators; other instances' scores wait.", e.FailureType);
            redis.ConnectionRestored += (_, _) => _logger.LogInformation("Redis connection restored: scores flow between instances again.");
            var subscriber = redis.GetSubscriber();
            subscriber.Subscribe(RedisChannel.Literal(ScoresChannel), (_, message) => OnScores(message));
            subscriber.Subscribe(RedisChannel.Literal(TournamentsChannel), (_, message) => OnTournamentChanged(message));
            subscriber.Subscribe(RedisChannel.Literal(TermsChannel), (_, message) =>
            {
                if (message != _me) _terms.InvalidateHere();
            });
            return redis;
        });
    }

    /// <summary>Connects and subscribes (at start, so no change published meanwhile is missed).</summary>
    public void Start()
    {
        _ = _redis.Value;
        _terms.TellOtherInstancesWith(() => TryPublish(TermsChannel, _me, "the program's terms changed"));
    }

    /// <summary>Whether Redis is reachable now (for /health/ready, which reports Degraded without it).</summary>
    public bool IsConnected => _redis.Value.IsConnected;

    /// <summary>A round trip to Redis (for /health/ready).</summary>
    public Task<TimeSpan> PingAsync() => _redis.Value.GetDatabase().PingAsync();

    public void Publish(IReadOnlyList<ScoreChange> changes)
    {
        // This instance's boards first: its own spectators see the change whether or not Redis is there.
        _registry.Apply(changes, here: true);
        TryPublish(ScoresChannel, JsonSerializer.Serialize(new Envelope(_me, changes), Json), "a score change");
    }

    public void TournamentChanged(int tournamentId)
    {
        // Every instance, this one included, hears it on the channel; without Redis this one at least refreshes its own.
        if (!IsConnected) OnTournamentChanged(tournamentId);
        TryPublish(TournamentsChannel, tournamentId.ToString(System.Globalization.CultureInfo.InvariantCulture), "a tournament change");
    }

    /// <summary>Publishing never fails the change that caused it (already committed): a Redis outage is logged, not thrown.</summary>
    private void TryPublish(string channel, RedisValue message, string what)
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

    private void OnTournamentChanged(RedisValue message)
    {
        if (int.TryParse(message.ToString(), out var id)) _ = LocalScoreBus.Refresh(_registry, _liveCache, id, _logger);
    }

    private void OnScores(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString(), Json);
            if (envelope is null || envelope.From == _me) return;
            _registry.Apply(envelope.Changes, here: false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A score change from another instance could not be read.");
        }
    }

    public void Dispose()
    {
        if (_redis.IsValueCreated) _redis.Value.Dispose();
    }

    private sealed record Envelope(string From, IReadOnlyList<ScoreChange> Changes);
}
