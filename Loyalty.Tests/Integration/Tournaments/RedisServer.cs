using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Loyalty.Tests.Integration.Tournaments;

/// <summary>
/// Debian's redis-server on a free loopback port, for the scale-out tests. The test command installs it when missing;
/// without it these tests fail (they are never skipped).
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private int _port;
    private string _directory = "";

    public string Configuration { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _port = FreePort();
        _directory = Directory.CreateTempSubdirectory("loyalty-redis-").FullName;
        await StartAsync();
    }

    /// <summary>Stops the server (as a crash would: no goodbye to its clients).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        if (_process is not null) await _process.WaitForExitAsync();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server (again) on the same port, empty.</summary>
    public async Task StartAsync()
    {
        var port = _port;
        var directory = _directory;
        var start = new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: run ./test.sh (it installs it) or apt-get install redis-server.", e);
        }
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Configuration = $"127.0.0.1:{port}";
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on port {port}.");
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
