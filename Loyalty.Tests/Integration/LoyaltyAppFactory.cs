using Loyalty.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// The real app on its own database: a temp SQLite file, or a fresh SQL Server database when
/// LOYALTY_TEST_SQLSERVER holds a connection string (then every integration test runs against SQL Server too).
/// </summary>
public class LoyaltyAppFactory : WebApplicationFactory<Program>
{
    public const string SqlServerVariable = "LOYALTY_TEST_SQLSERVER";
    private readonly string _databaseName = $"loyalty-test-{Guid.NewGuid():N}";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _onSqlServer;
    private readonly TimeProvider? _clock;

    private readonly string _environment;

    public LoyaltyAppFactory(bool demo = false, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        string environment = "Development")
    {
        _clock = clock;
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["Seed:Demo"] = demo ? "true" : "false",
            ["Demo:SimulateActivity"] = "false", // tests post their own purchases and count on them alone
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:Enabled"] = "false", // tests sign in many times from one in-process address; RateLimitsTests turns them on
            ["Analytics:RollupPollMilliseconds"] = "0", // tests roll up by calling RollUpAnalytics; AnalyticsRollupTests turns the job on
            [Loyalty.Web.Jobs.AnalyticsMeasurementsJob.Setting] = "0", // tests measure campaigns and tournaments by calling their Refresh… use cases
        };
        var sqlServer = Environment.GetEnvironmentVariable(SqlServerVariable);
        _onSqlServer = !string.IsNullOrWhiteSpace(sqlServer);
        if (_onSqlServer)
        {
            _settings["Database:Provider"] = DatabaseOptions.SqlServer;
            _settings["Database:ConnectionString"] = new SqlConnectionStringBuilder(sqlServer) { InitialCatalog = _databaseName }.ConnectionString;
        }
        else
        {
            _settings["Database:Provider"] = DatabaseOptions.Sqlite;
            _settings["Database:ConnectionString"] = $"Data Source={DatabaseFile}";
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string DatabaseFile => Path.Combine(Path.GetTempPath(), _databaseName + ".db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        // Settings read while services are registered (SignalR:Redis, Mail:Smtp:Host, Metrics:Enabled) must be there before Program.cs builds: host settings are.
        foreach (var (key, value) in _settings)
            if (key.StartsWith("SignalR:", StringComparison.Ordinal) || key.StartsWith("Mail:", StringComparison.Ordinal)
                || key.StartsWith("Metrics:", StringComparison.Ordinal)) builder.UseSetting(key, value);
        if (_clock is not null)
            builder.ConfigureServices(services => services.AddSingleton(_clock));
    }

    /// <summary>Another instance of this app, on its database, whose contexts run <paramref name="interceptor"/>.</summary>
    public WebApplicationFactory<Program> WithInterceptor(IInterceptor interceptor) => WithWebHostBuilder(b => b.ConfigureTestServices(services =>
    {
        services.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(interceptor));
        services.ConfigureDbContext<SqlServerLoyaltyDbContext>(o => o.AddInterceptors(interceptor));
    }));

    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithDbAsync<T>(Func<LoyaltyDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_onSqlServer)
        {
            try { await WithDbAsync(db => db.Database.EnsureDeletedAsync()); }
            catch (InvalidOperationException) { /* the app never started (a start-up failure test) */ }
        }
        await base.DisposeAsync();
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
            if (File.Exists(file)) File.Delete(file);
        GC.SuppressFinalize(this);
    }
}

/// <summary>One app with the demo program, shared by the tests that only read it or add their own members.</summary>
public sealed class DemoAppFactory() : LoyaltyAppFactory(demo: true);
