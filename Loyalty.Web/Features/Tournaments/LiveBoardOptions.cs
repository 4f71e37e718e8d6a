using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Tournaments;

/// <summary>
/// The <c>LiveBoards</c> section: what anonymous spectators may make an instance hold in memory, and how many hub
/// connections and groups one client may take (docs/live-boards.md, "Limits").
/// </summary>
public sealed class LiveBoardOptions
{
    public const string Section = "LiveBoards";

    /// <summary>An ended tournament stays public (on /live and in the hub) this many days after its end.</summary>
    public int PublicDays { get; set; } = 30;

    /// <summary>How long an id found missing or not public is answered from memory, without a database query.</summary>
    public int RefusalCacheSeconds { get; set; } = 30;

    /// <summary>At most this many such ids are remembered (the oldest half is dropped when full).</summary>
    public int RefusalCacheEntries { get; set; } = 10_000;

    /// <summary>The board of an ended tournament nobody asked for in this many minutes leaves memory (reloaded on demand).</summary>
    public int IdleMinutes { get; set; } = 10;

    /// <summary>Tournaments one hub connection may watch at once (Subscribe and WatchMe each count).</summary>
    public int MaxGroupsPerConnection { get; set; } = 10;

    /// <summary>Hub connections open at once from one client IP address; 0 for no limit.</summary>
    public int MaxConnectionsPerIp { get; set; } = 20;

    /// <summary>Whether anyone may watch a tournament with this window: it has started and ended less than <see cref="PublicDays"/> ago.</summary>
    public bool IsPublic(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now) => startsAt <= now && endsAt > PublicSince(now);

    /// <summary>Tournaments that ended before this are no longer public.</summary>
    public DateTimeOffset PublicSince(DateTimeOffset now) => now.AddDays(-PublicDays);

    internal static IEnumerable<string> Validate(LiveBoardOptions o)
    {
        if (o.PublicDays < 0) yield return $"{Section}:PublicDays cannot be negative.";
        if (o.RefusalCacheSeconds < 0) yield return $"{Section}:RefusalCacheSeconds cannot be negative.";
        if (o.RefusalCacheEntries < 1) yield return $"{Section}:RefusalCacheEntries must be at least 1.";
        if (o.IdleMinutes < 1) yield return $"{Section}:IdleMinutes must be at least 1.";
        if (o.MaxGroupsPerConnection < 1) yield return $"{Section}:MaxGroupsPerConnection must be at least 1.";
        if (o.MaxConnectionsPerIp < 0) yield return $"{Section}:MaxConnectionsPerIp cannot be negative (0 = no limit).";
    }

    internal sealed class Validator : IValidateOptions<LiveBoardOptions>
    {
        public ValidateOptionsResult Validate(string? name, LiveBoardOptions options)
        {
            var errors = LiveBoardOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
