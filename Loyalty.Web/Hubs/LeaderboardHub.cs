using Loyalty.Web.Diagnostics;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Tournaments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hubs;

/// <summary>
/// Live leaderboards. Anyone may watch a public tournament (a snapshot now, diffs after); a signed-in member may also
/// watch their own standing. Contract: <see cref="LeaderboardSnapshot"/> and the other records in LeaderboardMessages.cs.
/// Limits (<see cref="LiveBoardOptions"/>): connections per client address, tournaments per connection, and only
/// public tournaments, so an anonymous client cannot make the instance load the past.
/// </summary>
public sealed class LeaderboardHub(LeaderboardRegistry registry, CurrentMember current, IOptions<TournamentOptions> options,
    IOptions<LiveBoardOptions> limits, HubConnectionCounter connections, TimeProvider clock, LoyaltyMetrics metrics) : Hub
{
    public const string Path = "/hubs/leaderboard";

    private const string AddressItem = "address";
    private const string GroupsItem = "groups";

    /// <summary>Each instance tells its own spectators (from its own boards, which see every instance's changes).</summary>
    private static readonly string Instance = Guid.NewGuid().ToString("N")[..12];

    public static string GroupOf(int tournamentId) => $"t:{tournamentId}:{Instance}";

    /// <summary>A spectator group of this instance (<see cref="GroupOf"/>): its members are all connected here, so no backplane is needed to reach them.</summary>
    public static bool IsInstanceGroup(string group) => group.StartsWith("t:", StringComparison.Ordinal) && group.EndsWith(":" + Instance, StringComparison.Ordinal);

    /// <summary>
    /// The connections of one member watching one tournament (any instance: only the instance that committed a change
    /// tells them). A group, not Clients.User: a user send looks at every connection, a group send only at its members.
    /// </summary>
    public static string MemberGroupOf(int tournamentId, long memberId) => $"m:{tournamentId}:{memberId}";

    public override Task OnConnectedAsync()
    {
        var address = HubConnectionCounter.KeyOf(Context.GetHttpContext()?.Connection.RemoteIpAddress);
        // Refused here, the connection closes with this message (a HubException's message reaches the client).
        if (!connections.TryOpen(address))
            throw new HubException($"Too many live connections from your address (at most {connections.Limit}); close another live page and try again.");
        Context.Items[AddressItem] = address;
        metrics.HubConnected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // Only a connection that was let in is counted (a refused one never reaches here).
        if (Context.Items.TryGetValue(AddressItem, out var address) && address is string counted)
        {
            connections.Close(counted);
            metrics.HubDisconnected();
        }
        return base.OnDisconnectedAsync(exception);
    }

    [AllowAnonymous]
    public async Task<LeaderboardSnapshot> Subscribe(int tournamentId)
    {
        var board = await PublicBoardAsync(tournamentId);
        // Join first: a change made while the snapshot is taken then arrives as a diff (rows are absolute, so applying it twice is harmless).
        await JoinAsync(GroupOf(tournamentId));
        return board.Snapshot(options.Value.SpectatorRows, clock.GetUtcNow());
    }

    [AllowAnonymous]
    public Task Unsubscribe(int tournamentId) => LeaveAsync(GroupOf(tournamentId));

    /// <summary>The member's own standing (null while not on the board); "me" and "overtaken" messages follow.</summary>
    [Authorize]
    public async Task<MyStanding?> WatchMe(int tournamentId)
    {
        var memberId = await current.IdAsync(Context.User!, Context.ConnectionAborted) ?? throw new HubException("Only members have a standing.");
        var board = await PublicBoardAsync(tournamentId);
        await JoinAsync(MemberGroupOf(tournamentId, memberId));
        return board.StandingOf(memberId, options.Value.AroundMe);
    }

    private async Task<LiveBoard> PublicBoardAsync(int tournamentId)
    {
        var (access, board) = await registry.GetPublicAsync(tournamentId, Context.ConnectionAborted);
        return access switch
        {
            BoardAccess.Public => board!,
            BoardAccess.NotPublic => throw new HubException(
                $"Tournament {tournamentId} is not public: it has not started, or it ended more than {limits.Value.PublicDays} days ago."),
            _ => throw new HubException("There is no such tournament."),
        };
    }

    /// <summary>Joins a group unless the connection already watches the most allowed (joining one again costs nothing).</summary>
    private async Task JoinAsync(string group)
    {
        var groups = JoinedGroups();
        lock (groups)
        {
            if (!groups.Contains(group) && groups.Count >= limits.Value.MaxGroupsPerConnection)
                throw new HubException(
                    $"One connection can watch at most {limits.Value.MaxGroupsPerConnection} tournaments; unsubscribe from one first.");
            if (!groups.Add(group)) return;
        }
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }
        catch
        {
            lock (groups) groups.Remove(group); // not joined: the place is free again
            throw;
        }
    }

    private async Task LeaveAsync(string group)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        var groups = JoinedGroups();
        lock (groups) groups.Remove(group);
    }

    /// <summary>The groups this connection has joined (a connection's items live as long as it does).</summary>
    private HashSet<string> JoinedGroups()
    {
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(GroupsItem, out var known) && known is HashSet<string> groups) return groups;
            var fresh = new HashSet<string>();
            Context.Items[GroupsItem] = fresh;
            return fresh;
        }
    }
}
