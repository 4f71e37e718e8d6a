using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Loyalty.Bench;

// The spectators of the spectator benchmark: probes that time every diff, and cheap raw WebSocket clients.

/// <summary>A probe: the official .NET SignalR client, recording when each (row, score) first arrived.</summary>
internal sealed class Probe : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Dictionary<long, List<(long Score, long At)>> _seen = [];
    private long _diffs;

    private Probe(HubConnection connection) => _connection = connection;

    public HashSet<long> SnapshotKeys { get; private set; } = [];
    public long DiffCount => Interlocked.Read(ref _diffs);
    public bool Open => _connection.State == HubConnectionState.Connected;

    public static async Task<Probe> ConnectAsync(Uri hubUrl, int tournamentId)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();
        var probe = new Probe(connection);
        connection.On<LeaderboardDiff>("diff", probe.OnDiff);
        await connection.StartAsync();
        var snapshot = await connection.InvokeAsync<LeaderboardSnapshot>("Subscribe", tournamentId);
        probe.SnapshotKeys = snapshot.Rows.Select(r => r.Key).ToHashSet();
        return probe;
    }

    private void OnDiff(LeaderboardDiff diff)
    {
        var at = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _diffs);
        lock (_seen)
            foreach (var row in diff.Rows)
            {
                if (!_seen.TryGetValue(row.Key, out var list)) _seen[row.Key] = list = [];
                list.Add((row.Score ?? 0, at)); // the benchmark scores points: rows carry their score
            }
    }

    /// <summary>Scores of one member only grow during the run, so the first row at or above the score is the one.</summary>
    public long? FirstSeen(long key, long score)
    {
        lock (_seen)
            return _seen.TryGetValue(key, out var list) && list.FindIndex(x => x.Score >= score) is var i and >= 0 ? list[i].At : null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

/// <summary>
/// A spectator with nothing but a WebSocket speaking SignalR's JSON protocol, so ten thousand of them cost the load
/// generator little: it counts the diffs (records longer than a ping) without parsing them.
/// </summary>
internal sealed class RawSpectator : IDisposable
{
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private readonly ClientWebSocket _socket = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _diffs;

    public bool Open => _socket.State == WebSocketState.Open;

    public static long Diffs(IEnumerable<RawSpectator> all) => all.Sum(s => Interlocked.Read(ref s._diffs));

    public static async Task<RawSpectator> ConnectAsync(Uri url, int tournamentId, CancellationToken ct)
    {
        var spectator = new RawSpectator();
        spectator._socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings keep it alive
        await spectator._socket.ConnectAsync(url, ct);
        await spectator._socket.SendAsync(Handshake, WebSocketMessageType.Text, true, ct);
        var subscribe = Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"0\",\"target\":\"Subscribe\",\"arguments\":[{tournamentId}]}}\u001e");
        await spectator._socket.SendAsync(subscribe, WebSocketMessageType.Text, true, ct);
        _ = spectator.ReceiveAsync();
        await spectator._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return spectator;
    }

    private async Task ReceiveAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var records = 0;
            var length = 0;
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                for (var i = 0; i < result.Count; i++)
                {
                    if (buffer[i] != 0x1e) { length++; continue; }
                    // Record 0 is the handshake answer, the first long one the snapshot; long ones after it are diffs.
                    if (records > 0 && length > 500 && !_subscribed.Task.IsCompleted) _subscribed.TrySetResult();
                    else if (records > 0 && length > 20 && _subscribed.Task.IsCompleted) Interlocked.Increment(ref _diffs);
                    records++;
                    length = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _subscribed.TrySetException(new InvalidOperationException("The spectator's connection closed before the snapshot."));
        }
    }

    public static async Task PingEveryAsync(IReadOnlyList<RawSpectator> all, TimeSpan every, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, ct);
                foreach (var s in all)
                    if (s.Open)
                        try { await s._socket.SendAsync(Ping, WebSocketMessageType.Text, true, ct); }
                        catch (WebSocketException) { }
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose() => _socket.Abort();
}
