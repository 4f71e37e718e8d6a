using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Loyalty.Tests.Integration.Mail;
using Microsoft.Playwright;

namespace Loyalty.E2E;

/// <summary>
/// The app as an operator runs it: the published output in a process of its own, <c>ASPNETCORE_ENVIRONMENT=Production</c>,
/// a fresh SQLite file, no demo, an admin from configuration and mail delivered over SMTP to a server in this process.
/// </summary>
public sealed class ProductionPortal : IAsyncLifetime
{
    public const string AdminEmail = "owner@first-run.example";
    public const string AdminPassword = "FirstRun#Owner2026";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"loyalty-first-run-{Guid.NewGuid():N}.db");
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _app;
    private IPlaywright? _playwright;

    public SmtpTestServer Smtp { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's last lines of console output, to explain a failure.</summary>
    public string Output => string.Join('\n', _output);

    public async ValueTask InitializeAsync()
    {
        var folder = await Published.Value;
        Smtp = await SmtpTestServer.StartAsync(SmtpTestServer.FreePort());
        // The public base URL names the port, so it is chosen before the start; should another process take it meanwhile,
        // start again on another.
        for (var attempt = 1; ; attempt++)
        {
            BaseUrl = $"http://127.0.0.1:{SmtpTestServer.FreePort()}";
            _app = Start(folder);
            try
            {
                await WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _app.Dispose();
                _output.Clear();
            }
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    private Process Start(string folder)
    {
        var start = new ProcessStartInfo("dotnet", ["Loyalty.Web.dll", "--urls", BaseUrl])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Database__Provider"] = "Sqlite";
        env["Database__ConnectionString"] = $"Data Source={_database}";
        env["App__PublicBaseUrl"] = BaseUrl + "/";
        env["Seed__AdminEmail"] = AdminEmail;
        env["Seed__AdminPassword"] = AdminPassword;
        env["Mail__Smtp__Host"] = "127.0.0.1";
        env["Mail__Smtp__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Mail__Smtp__Security"] = "None";
        env["Mail__Smtp__FromAddress"] = "rewards@first-run.example";
        var app = Process.Start(start) ?? throw new InvalidOperationException("Could not start the published app.");
        app.OutputDataReceived += (_, e) => Keep(e.Data);
        app.ErrorDataReceived += (_, e) => Keep(e.Data);
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return app;
    }

    /// <summary>A new person at the keyboard (own cookies).</summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 900) => HeadlessChromium.NewPageAsync(Browser, BaseUrl, width, height);

    /// <summary>Saves a desktop and a phone-width screenshot of the page when LOYALTY_E2E_SCREENSHOTS names a folder (to look at).</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LOYALTY_E2E_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var size = page.ViewportSize!;
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 300) _output.TryDequeue(out _);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_app!.HasExited) throw new InvalidOperationException($"The published app exited ({_app.ExitCode}):\n{Output}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The published app did not become ready:\n{Output}");
    }

    /// <summary>One publish per test run, shared by every portal (two fixtures publishing into one folder at once would clash).</summary>
    private static readonly Lazy<Task<string>> Published = new(PublishedAppAsync);

    /// <summary>
    /// Publishes the already built Loyalty.Web (same configuration as these tests, no build) beside the tests, every run
    /// (seconds; a stale copy could hide a change): static assets (blazor.web.js, MudBlazor) are served as deployed only
    /// from published output.
    /// </summary>
    private static async Task<string> PublishedAppAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "published-app");
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Loyalty.Web.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Loyalty.Web.sln not found above the test binaries.");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(root.FullName, "Loyalty.Web", "Loyalty.Web.csproj"), "-c", configuration, "--no-build",
             "-nologo", "-v", "q", "-o", folder])
        { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"Publishing Loyalty.Web failed:\n{await output}\n{await errors}");
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            await _app.WaitForExitAsync();
        }
        _app?.Dispose();
        if (Smtp is not null) await Smtp.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionCollection : ICollectionFixture<ProductionPortal>
{
    public const string Name = "production";
}
