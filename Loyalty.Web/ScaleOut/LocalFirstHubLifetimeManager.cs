using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// The leaderboard hub's connections over the Redis backplane, so that this instance's spectators do not depend on Redis:
/// a spectator group of this instance (<see cref="LeaderboardHub.IsInstanceGroup"/>) is sent to in process, never through
/// Redis (SignalR's Redis backplane delivers even a local group's messages through a Redis round trip, so they stop when
/// Redis does). Member groups span instances and go through the backplane; while it fails, the members connected here are
/// still told. Everything else is the backplane's.
/// </summary>
internal sealed class LocalFirstHubLifetimeManager(HubLifetimeManager<LeaderboardHub> backplane, HubLifetimeManager<LeaderboardHub> local,
    ILogger<LocalFirstHubLifetimeManager> logger) : HubLifetimeManager<LeaderboardHub>
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await local.OnConnectedAsync(connection);
        await BackplaneAsync(() => backplane.OnConnectedAsync(connection), "register a connection");
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        await local.OnDisconnectedAsync(connection);
        await BackplaneAsync(() => backplane.OnDisconnectedAsync(connection), "forget a connection");
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken ct = default)
    {
        await local.AddToGroupAsync(connectionId, groupName, ct);
        if (!LeaderboardHub.IsInstanceGroup(groupName))
            await BackplaneAsync(() => backplane.AddToGroupAsync(connectionId, groupName, ct), "join a member group");
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken ct = default)
    {
        await local.RemoveFromGroupAsync(connectionId, groupName, ct);
        if (!LeaderboardHub.IsInstanceGroup(groupName))
            await BackplaneAsync(() => backplane.RemoveFromGroupAsync(connectionId, groupName, ct), "leave a member group");
    }

    public override async Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken ct = default)
    {
        if (LeaderboardHub.IsInstanceGroup(groupName))
        {
            await local.SendGroupAsync(groupName, methodName, args, ct);
            return;
        }
        try
        {
            await backplane.SendGroupAsync(groupName, methodName, args, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Redis is unreachable: {Method} reaches only the members connected to this instance.", methodName);
            await local.SendGroupAsync(groupName, methodName, args, ct);
        }
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken ct = default) =>
        Task.WhenAll(groupNames.Select(g => SendGroupAsync(g, methodName, args, ct)));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken ct = default) =>
        LeaderboardHub.IsInstanceGroup(groupName)
            ? local.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, ct)
            : backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, ct);

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken ct = default) =>
        backplane.SendAllAsync(methodName, args, ct);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken ct = default) =>
        backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, ct);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken ct = default) =>
        backplane.SendConnectionAsync(connectionId, methodName, args, ct);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken ct = default) =>
        backplane.SendConnectionsAsync(connectionIds, methodName, args, ct);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken ct = default) =>
        backplane.SendUserAsync(userId, methodName, args, ct);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken ct = default) =>
        backplane.SendUsersAsync(userIds, methodName, args, ct);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken ct) =>
        backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, ct);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        backplane.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        backplane.TryGetReturnType(invocationId, out type);

    /// <summary>The backplane's part, which must not cost this instance's own spectators anything while Redis is down.</summary>
    private async Task BackplaneAsync(Func<Task> step, string what)
    {
        try
        {
            await step();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Redis is unreachable: could not {What} on the backplane; this instance serves its own spectators meanwhile.", what);
        }
    }
}
