using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Isolates this program's protected payloads from other apps that might share the key table; never change it (old cookies would stop working).</summary>
    public const string DataProtectionApplicationName = "Loyalty";

    /// <summary>Health checks with this tag decide /health/ready (and /health): what the app needs to serve requests.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The DbContext for the configured provider, as a factory (per operation) and scoped (for Identity).</summary>
    public static IServiceCollection AddLoyaltyData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        services.AddDbContextFactory<SqliteLoyaltyDbContext>((sp, o) =>
            o.UseSqlite(SqliteConnectionString(sp)).AddInterceptors(MemberSearchTermsInterceptor.Instance));
        services.AddDbContextFactory<SqlServerLoyaltyDbContext>((sp, o) =>
            o.UseSqlServer(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                sql => sql.EnableRetryOnFailure()).AddInterceptors(MemberSearchTermsInterceptor.Instance));

        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsSqlServer
                ? new ProviderFactory<SqlServerLoyaltyDbContext>(sp.GetRequiredService<IDbContextFactory<SqlServerLoyaltyDbContext>>())
                : new ProviderFactory<SqliteLoyaltyDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteLoyaltyDbContext>>()));
        services.AddSingleton<ICommitDurability>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsSqlServer
            ? new DurableCommits()
            : ActivatorUtilities.CreateInstance<SqliteWalCommitDurability>(sp));
        services.AddMetrics();
        services.TryAddSingleton<LoyaltyMetrics>();
        services.AddSingleton<JobLeases>();
        services.AddSingleton<WriteLockWatch>();
        services.AddSingleton<LedgerWriter>(); // its loop runs as a hosted service: Jobs/JobRegistrations.cs
        services.AddScoped<LoyaltyDbContext>(sp => sp.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext());
        // One key ring for every instance on this database: a cookie or token made by one is read by the others.
        services.AddDataProtection().PersistKeysToDbContext<LoyaltyDbContext>().SetApplicationName(DataProtectionApplicationName);
        services.AddOptions<OutboxHealthOptions>().Bind(configuration.GetSection(OutboxHealthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxHealthOptions>, OutboxHealthOptions.Validator>();
        services.AddSingleton<OutboxBacklog>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [ReadyTag]);
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddSingleton<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder is created on first run.</summary>
    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var configured = options.ConnectionString;
        var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? DatabaseOptions.DefaultSqliteConnection : configured);
        if (csb.Mode != SqliteOpenMode.Memory && !csb.DataSource.StartsWith(':') && !Path.IsPathRooted(csb.DataSource))
            csb.DataSource = Path.Combine(sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath, csb.DataSource);
        if (csb.Mode != SqliteOpenMode.Memory && Path.GetDirectoryName(csb.DataSource) is { Length: > 0 } folder)
            Directory.CreateDirectory(folder);
        // How long a statement waits for another writer's lock; after that the database counts as unavailable (503).
        if (!HasKeyword(configured, "Default Timeout", "DefaultTimeout", "Command Timeout", "CommandTimeout"))
            csb.DefaultTimeout = options.BusyTimeoutSeconds;
        return csb.ToString();
    }

    private static bool HasKeyword(string? connectionString, params string[] keywords) =>
        connectionString is not null && keywords.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));

    private sealed class ProviderFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<LoyaltyDbContext>
        where T : LoyaltyDbContext
    {
        public LoyaltyDbContext CreateDbContext() => inner.CreateDbContext();
    }

    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
        {
            var errors = DatabaseOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
