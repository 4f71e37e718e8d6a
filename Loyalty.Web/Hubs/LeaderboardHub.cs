using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hubs;

/// <summary>
/// Live leaderboards. Anyone may watch a tournament (a snapshot now, diffs after); a signed-in member may also watch
/// their own standing. Contract: <see cref="LeaderboardSnapshot"/> and the other records in LeaderboardMessages.cs.
/// </summary>
public sealed class LeaderboardHub(LeaderboardRegistry registry, CurrentMember current, IOptions<TournamentOptions> options, TimeProvider clock,
    LoyaltyMetrics metrics) : Hub
{
    public const string Path = "/hubs/leaderboard";

    /// <summary>Each instance tells its own spectators (from its own boards, which see every instance's changes).</summary>
    private static readonly string Instance = Guid.NewGuid().ToString("N")[..12];

    public static string GroupOf(int tournamentId) => $"t:{tournamentId}:{Instance}";

    /// <summary>
    /// The connections of one member watching one tournament (any instance: only the instance that committed a change
    /// tells them). A group, not Clients.User: a user send looks at every connection, a group send only at its members.
    /// </summary>
    public static string MemberGroupOf(int tournamentId, long memberId) => $"m:{tournamentId}:{memberId}";

    public override Task OnConnectedAsync()
    {
        metrics.HubConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.HubDisconnected();
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<LeaderboardSnapshot> Subscribe(int tournamentId)
    {
        var board = await registry.GetAsync(tournamentId, Context.ConnectionAborted) ?? throw new HubException("There is no such tournament.");
        // Join first: a change made while the snapshot is taken then arrives as a diff (rows are absolute, so applying it twice is harmless).
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(tournamentId), Context.ConnectionAborted);
        return board.Snapshot(options.Value.SpectatorRows, clock.GetUtcNow());
    }

    public Task Unsubscribe(int tournamentId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(tournamentId), Context.ConnectionAborted);

    /// <summary>The member's own standing (null while not on the board); "me" and "overtaken" messages follow.</summary>
    [Authorize]
    public async Task<MyStanding?> WatchMe(int tournamentId)
    {
        var memberId = await current.IdAsync(Context.User!, Context.ConnectionAborted) ?? throw new HubException("Only members have a standing.");
        var board = await registry.GetAsync(tournamentId, Context.ConnectionAborted) ?? throw new HubException("There is no such tournament.");
        await Groups.AddToGroupAsync(Context.ConnectionId, MemberGroupOf(tournamentId, memberId), Context.ConnectionAborted);
        return board.StandingOf(memberId, options.Value.AroundMe);
    }
}
