using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Loyalty.Bench;

/// <summary>
/// The app in a process of its own (published output, Production, demo data in a temp SQLite file), so its memory
/// is the server's alone.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@loyalty.local";
    public const string AdminPassword = "Bench#Admin2026!";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private readonly bool _ownsDatabase;

    private AppProcess(Process process, Uri baseAddress, string databaseFile, bool ownsDatabase)
    {
        _process = process;
        BaseAddress = baseAddress;
        DatabaseFile = databaseFile;
        _ownsDatabase = ownsDatabase;
    }

    public int Pid => _process.Id;

    public Uri BaseAddress { get; }
    public string DatabaseFile { get; }
    public int Threads => Directory.GetDirectories($"/proc/{_process.Id}/task").Length;
    public int OpenFiles => Directory.GetFiles($"/proc/{_process.Id}/fd").Length;

    public double CpuSeconds => StatCpuSeconds($"/proc/{_process.Id}/stat");

    /// <summary>VmRSS now, in KB.</summary>
    public long RssKb => long.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>CPU time of the runtime's tiered-compilation thread: while it runs, the server is still warming up.</summary>
    public double JitCpuSeconds => Directory.GetDirectories($"/proc/{_process.Id}/task")
        .Where(task => File.Exists($"{task}/comm") && File.ReadAllText($"{task}/comm").StartsWith(".NET Tiered", StringComparison.Ordinal))
        .Sum(task => StatCpuSeconds($"{task}/stat"));

    private static double StatCpuSeconds(string statFile)
    {
        try
        {
            var fields = File.ReadAllText(statFile).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0; // a thread that ended meanwhile
        }
    }

    /// <param name="settings">More environment settings for the app (e.g. <c>Security__RequireStaffTwoFactor</c>), applied last.</param>
    /// <param name="port">The port to listen on; a free one the system picks when not given.</param>
    /// <param name="databaseFile">A database file to run on (kept after the run); a new temp file (deleted after) when not given.</param>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int? port = null, string? databaseFile = null)
    {
        var folder = await PublishedAppAsync();
        var database = databaseFile ?? Path.Combine(Path.GetTempPath(), $"loyalty-spectators-{Guid.NewGuid():N}.db");
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet", ["Loyalty.Web.dll", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Database__ConnectionString"] = $"Data Source={database}";
        env["Seed__Demo"] = "true";
        env["Seed__AllowDemoOutsideDevelopment"] = "true"; // the benchmark measures the demo program, as deployed
        env["App__PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        env["Mail__Smtp__Host"] = "127.0.0.1"; // nothing is mailed during a benchmark; Production requires a sender
        env["Mail__Smtp__FromAddress"] = "bench@loyalty.local";
        env["Seed__AdminEmail"] = AdminEmail;
        env["Seed__AdminPassword"] = AdminPassword;
        env["Demo__SimulateActivity"] = "false";
        env["LiveBoards__MaxConnectionsPerIp"] = "0"; // every simulated spectator comes from loopback
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Loyalty"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) env[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"), database, ownsDatabase: databaseFile is null);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitForHealthAsync(TimeSpan.FromMinutes(3));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        Console.WriteLine($"  app: pid {process.Id}, {app.BaseAddress}, published output in {folder}");
        return app;
    }

    /// <summary>
    /// Waits until the app has worked off what its start found to do (a generated database's backlog of reminders, mail,
    /// measurements): quiet is three 2-second samples in a row each using under a tenth of a core. Prints how long that took
    /// and the processor time it cost, so a figure measured afterwards is the steady state and says what came before it.
    /// </summary>
    public async Task WaitForQuietAsync(TimeSpan max)
    {
        var waited = Stopwatch.StartNew();
        var startCpu = _process.TotalProcessorTime;
        var previous = startCpu;
        var quietSamples = 0;
        while (quietSamples < 3 && waited.Elapsed < max)
        {
            await Task.Delay(2_000);
            _process.Refresh();
            var cpu = _process.TotalProcessorTime;
            quietSamples = cpu - previous < TimeSpan.FromMilliseconds(200) ? quietSamples + 1 : 0;
            previous = cpu;
        }
        Console.WriteLine($"  app {(quietSamples >= 3 ? "quiet" : "still busy")} after {waited.Elapsed.TotalSeconds:N0} s of start-up work " +
            $"({(previous - startCpu).TotalSeconds:N1} s of processor time; {_process.TotalProcessorTime.TotalSeconds:N1} s since it started)");
    }

    /// <summary>VmRSS once the process has idled: the median of five samples a second apart, after 5 s of quiet.</summary>
    public async Task<long> SettledRssKbAsync()
    {
        await Task.Delay(5_000);
        var samples = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            if (i > 0) await Task.Delay(1_000);
            samples.Add(RssKb);
        }
        return samples.Order().ElementAt(2);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited ({_process.ExitCode}):\n{string.Join('\n', _output)}");
            try
            {
                if ((await http.GetAsync("health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The app did not become healthy:\n{string.Join('\n', _output)}");
    }

    /// <summary>
    /// The app as deployed: static assets (blazor.web.js, MudBlazor) are served from a published folder only, so the
    /// already built Release output is published (no build) beside the benchmark, again whenever the build is newer.
    /// </summary>
    private static async Task<string> PublishedAppAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "published-app");
        var built = File.GetLastWriteTimeUtc(Path.Combine(AppContext.BaseDirectory, "Loyalty.Web.dll"));
        var published = Path.Combine(folder, "Loyalty.Web.dll");
        if (File.Exists(published) && File.GetLastWriteTimeUtc(published) >= built) return folder;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Loyalty.Web.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Run the benchmark from the repository (Loyalty.Web.sln not found above the binaries).");
        Console.WriteLine("  publishing the built Loyalty.Web (Release, no build) ...");
        var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(root.FullName, "Loyalty.Web", "Loyalty.Web.csproj"), "-c", "Release", "--no-build", "-nologo", "-v", "q", "-o", folder])
        { UseShellExecute = false })!;
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException("Publishing Loyalty.Web failed.");
        File.SetLastWriteTimeUtc(published, DateTime.UtcNow);
        return folder;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last lines the app wrote (warnings and errors at the benchmark's log levels).</summary>
    public IEnumerable<string> Output => _output;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        SqliteCleanup();
    }

    private void SqliteCleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDatabase) return;
        foreach (var f in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }
}
