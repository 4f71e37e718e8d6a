using System.Text.Json;
using StackExchange.Redis;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>Carries committed score changes and tournament edits to every app instance's boards (this one included).</summary>
public interface IScoreBus
{
    void Publish(IReadOnlyList<ScoreChange> changes);

    /// <summary>A tournament was edited, finalized or deleted: every instance refreshes (or drops) its board.</summary>
    void TournamentChanged(int tournamentId);
}

/// <summary>One app instance: changes go straight to its boards.</summary>
public sealed class LocalScoreBus(LeaderboardRegistry registry, ILogger<LocalScoreBus> logger) : IScoreBus
{
    public void Publish(IReadOnlyList<ScoreChange> changes) => registry.Apply(changes, here: true);

    public void TournamentChanged(int tournamentId) => _ = Refresh(registry, tournamentId, logger);

    internal static async Task Refresh(LeaderboardRegistry registry, int tournamentId, ILogger logger)
    {
        try
        {
            await registry.RefreshAsync(tournamentId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The board of tournament {TournamentId} could not be refreshed.", tournamentId);
        }
    }
}

/// <summary>
/// Several app instances (<c>SignalR:Redis</c> set): this instance's boards are moved at once, and the change is
/// published on a Redis channel that every other instance applies to its boards. Each instance then tells its own
/// spectators (see <see cref="LeaderboardBroadcaster"/>), so every spectator sees the same ranks whichever instance scored.
/// </summary>
public sealed class RedisScoreBus : IScoreBus, IDisposable
{
    private const string ScoresChannel = "loyalty:tournament-scores";
    private const string TournamentsChannel = "loyalty:tournaments";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LeaderboardRegistry _registry;
    private readonly ILogger<RedisScoreBus> _logger;
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly string _me = Guid.NewGuid().ToString("N");

    public RedisScoreBus(LeaderboardRegistry registry, string configuration, ILogger<RedisScoreBus> logger)
    {
        (_registry, _logger) = (registry, logger);
        _redis = new(() =>
        {
            var redis = ConnectionMultiplexer.Connect(configuration);
            var subscriber = redis.GetSubscriber();
            subscriber.Subscribe(RedisChannel.Literal(ScoresChannel), (_, message) => OnScores(message));
            subscriber.Subscribe(RedisChannel.Literal(TournamentsChannel), (_, message) => OnTournamentChanged(message));
            return redis;
        });
    }

    /// <summary>Connects and subscribes (at start, so no change published meanwhile is missed).</summary>
    public void Start() => _ = _redis.Value;

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
        if (int.TryParse(message.ToString(), out var id)) _ = LocalScoreBus.Refresh(_registry, id, _logger);
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
