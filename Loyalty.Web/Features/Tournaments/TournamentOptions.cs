namespace Loyalty.Web.Features.Tournaments;

/// <summary>The <c>Tournaments</c> section of the configuration.</summary>
public sealed class TournamentOptions
{
    public const string Section = "Tournaments";

    /// <summary>How often a changed board is sent to spectators (coalescing window), in milliseconds.</summary>
    public int BroadcastIntervalMs { get; set; } = 200;

    /// <summary>Rows spectators see (and receive diffs for).</summary>
    public int SpectatorRows { get; set; } = 50;

    /// <summary>Players shown above and below a member ("around me").</summary>
    public int AroundMe { get; set; } = 3;

    /// <summary>Finalize ended tournaments by itself (prizes paid once); admins can always finalize by hand.</summary>
    public bool AutoFinalize { get; set; } = true;

    /// <summary>How often ended tournaments are looked for, in seconds.</summary>
    public int ClockIntervalSeconds { get; set; } = 15;
}
