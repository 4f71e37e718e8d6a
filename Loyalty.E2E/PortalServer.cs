using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace Loyalty.E2E;

/// <summary>The real app on real Kestrel (random port, demo program, temp SQLite file) and one headless Chromium.</summary>
public sealed class PortalServer : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"loyalty-e2e-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

    public WebApplicationFactory<Program> App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        App = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = $"Data Source={_database}",
                ["Seed:Demo"] = "true",
                ["Demo:SimulateActivity"] = "false", // the tests post their own purchases
                ["Logging:LogLevel:Default"] = "Warning",
                ["RateLimits:Enabled"] = "false", // every browser signs in from 127.0.0.1
            }));
        });
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    public Task<IPage> NewPageAsync(int width = 1280, int height = 900) => HeadlessChromium.NewPageAsync(Browser, BaseUrl, width, height);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "portal";
}
