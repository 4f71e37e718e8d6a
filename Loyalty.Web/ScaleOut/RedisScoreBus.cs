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
            var redis = ConnectionMultiplexer.Connect(configuration);
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
        _terms.TellOtherInstancesWith(() => _redis.Value.GetSubscriber().Publish(RedisChannel.Literal(TermsChannel), _me, CommandFlags.FireAndForget));
    }

    /// <summary>A round trip to Redis (for /health/ready).</summary>
    public Task<TimeSpan> PingAsync() => _redis.Value.GetDatabase().PingAsync();

    public void Publish(IReadOnlyList<ScoreChange> changes)
    {
        _registry.Apply(changes, here: true);
        var payload = JsonSerializer.Serialize(new Envelope(_me, changes), Json);
        _redis.Value.GetSubscriber().Publish(RedisChannel.Literal(ScoresChannel), payload, CommandFlags.FireAndForget);
    }

    public void TournamentChanged(int tournamentId)
    {
        // Every instance, this one included, hears it on the channel.
        _redis.Value.GetSubscriber().Publish(RedisChannel.Literal(TournamentsChannel), tournamentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CommandFlags.FireAndForget);
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
