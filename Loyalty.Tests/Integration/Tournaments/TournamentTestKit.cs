using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Loyalty.Domain.Tournaments;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>Live tournaments made through the admin use case, and SignalR clients of the real hub.</summary>
internal static class TournamentTestKit
{
    public static Task<int> CreateLiveAsync(LoyaltyAppFactory app, string? name = null, TournamentScoring scoring = TournamentScoring.PointsEarned,
        IEnumerable<PrizeRow>? prizes = null, bool joinRequired = false) =>
        app.Services.GetRequiredService<ManageTournaments>().CreateAsync(new TournamentForm
        {
            Name = name ?? $"Race {Guid.NewGuid():N}"[..16],
            Description = "Test race",
            Scoring = scoring,
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            EndsAt = DateTimeOffset.UtcNow.AddHours(1),
            JoinRequired = joinRequired,
            Prizes = prizes?.ToList() ?? [],
        }, "tests");

    public static async Task PurchaseAsync(HttpClient api, string memberNumber, decimal amount)
    {
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(memberNumber, amount));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A spectator: WebSockets through the test server; with <paramref name="cookie"/>, a signed-in user; with
    /// <paramref name="from"/>, from that client address; <paramref name="closed"/> hears why the server closed it.
    /// </summary>
    public static async Task<Spectator> ConnectAsync(LoyaltyAppFactory app, string? cookie = null, IPAddress? from = null,
        Func<Exception?, Task>? closed = null)
    {
        var connection = Build(app, cookie, from);
        var spectator = new Spectator(connection);
        if (closed is not null) connection.Closed += closed;
        await connection.StartAsync();
        return spectator;
    }

    /// <summary>A hub connection not started yet, with no handlers (e.g. to read messages as the raw JSON a browser gets).</summary>
    public static HubConnection Build(LoyaltyAppFactory app, string? cookie = null, IPAddress? from = null)
    {
        _ = app.Server; // starts the app
        return new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, LeaderboardHub.Path.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = app.Server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        if (cookie is not null) request.Headers.Cookie = cookie;
                        if (from is not null) request.HttpContext.Connection.RemoteIpAddress = from;
                    };
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
    }
}

internal sealed class Spectator : IAsyncDisposable
{
    private readonly Channel<LeaderboardDiff> _diffs = Channel.CreateUnbounded<LeaderboardDiff>();

    public Spectator(HubConnection connection)
    {
        Connection = connection;
        connection.On<LeaderboardDiff>("diff", d => _diffs.Writer.TryWrite(d));
        connection.On<MyStanding>("me", m => Standings.Writer.TryWrite(m));
        connection.On<OvertakenNotice>("overtaken", n => Overtakes.Writer.TryWrite(n));
    }

    public Channel<MyStanding> Standings { get; } = Channel.CreateUnbounded<MyStanding>();
    public Channel<OvertakenNotice> Overtakes { get; } = Channel.CreateUnbounded<OvertakenNotice>();

    public static async Task<T> NextAsync<T>(Channel<T> channel, Func<T, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var item = await channel.Reader.ReadAsync(timeout.Token);
                if (match(item)) return item;
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No matching {typeof(T).Name} arrived within 10 s.");
        }
    }

    public HubConnection Connection { get; }

    public Task<LeaderboardSnapshot> SubscribeAsync(int tournamentId) => Connection.InvokeAsync<LeaderboardSnapshot>("Subscribe", tournamentId);

    /// <summary>Waits for a diff that satisfies <paramref name="match"/>; fails after 10 s.</summary>
    public Task<LeaderboardDiff> NextDiffAsync(Func<LeaderboardDiff, bool> match) => NextAsync(_diffs, match);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
