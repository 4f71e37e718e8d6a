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
public sealed class RedisScoreBus : IScoreBus
{
    private const string ScoresChannel = "loyalty:tournament-scores";
    private const string TournamentsChannel = "loyalty:tournaments";
    private const string TermsChannel = "loyalty:program-terms";
    private const string NamesChannel = "loyalty:public-names";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly LeaderboardRegistry _registry;
    private readonly LiveTournamentsCache _liveCache;
    private readonly ProgramTermsCache _terms;
    private readonly ILogger<RedisScoreBus> _logger;
    private readonly RedisConnection _redis;
    private readonly string _me = Guid.NewGuid().ToString("N");

    public RedisScoreBus(LeaderboardRegistry registry, LiveTournamentsCache liveCache, ProgramTermsCache terms, RedisConnection redis,
        ILogger<RedisScoreBus> logger)
    {
        (_registry, _liveCache, _terms, _redis, _logger) = (registry, liveCache, terms, redis, logger);
        redis.Subscribe(ScoresChannel, OnScores);
        redis.Subscribe(TournamentsChannel, OnTournamentChanged);
        redis.Subscribe(NamesChannel, OnNames);
        redis.Subscribe(TermsChannel, message =>
        {
            if (message != _me) _terms.InvalidateHere();
        });
    }

    /// <summary>Connects and subscribes (at start, so no change published meanwhile is missed).</summary>
    public void Start()
    {
        _redis.Connect();
        _terms.TellOtherInstancesWith(() => _redis.TryPublish(TermsChannel, _me, "the program's terms changed"));
    }

    /// <summary>Whether Redis is reachable now (for /health/ready, which reports Degraded without it).</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>A round trip to Redis (for /health/ready).</summary>
    public Task<TimeSpan> PingAsync() => _redis.PingAsync();

    public void Publish(IReadOnlyList<ScoreChange> changes)
    {
        // This instance's boards first: its own spectators see the change whether or not Redis is there.
        _registry.Apply(changes, here: true);
        _redis.TryPublish(ScoresChannel, JsonSerializer.Serialize(new Envelope(_me, changes), Json), "a score change");
    }

    public void Renamed(IReadOnlyList<PublicNameChange> names)
    {
        _registry.Rename(names);
        _redis.TryPublish(NamesChannel, JsonSerializer.Serialize(new NamesEnvelope(_me, names), Json), "a change of public names");
    }

    private void OnNames(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<NamesEnvelope>(message.ToString(), Json);
            if (envelope is null || envelope.From == _me) return;
            _registry.Rename(envelope.Names);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A change of public names from another instance could not be read.");
        }
    }

    public void TournamentChanged(int tournamentId)
    {
        // Every instance, this one included, hears it on the channel; without Redis this one at least refreshes its own.
        if (!IsConnected) OnTournamentChanged(tournamentId);
        _redis.TryPublish(TournamentsChannel, tournamentId.ToString(System.Globalization.CultureInfo.InvariantCulture), "a tournament change");
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

    private sealed record Envelope(string From, IReadOnlyList<ScoreChange> Changes);

    private sealed record NamesEnvelope(string From, IReadOnlyList<PublicNameChange> Names);
}
