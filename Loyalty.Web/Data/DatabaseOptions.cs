using System.ComponentModel.DataAnnotations;

namespace Loyalty.Web.Data;

/// <summary>The <c>Database</c> section of appsettings.json.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string DefaultSqliteConnection = "Data Source=App_Data/loyalty.db";

    /// <summary>Sqlite (default, a file under App_Data) or SqlServer.</summary>
    public string Provider { get; set; } = Sqlite;

    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite: how long a statement waits for another writer's lock before the database counts as unavailable (the
    /// connection's <c>Default Timeout</c>; a value in the connection string wins).
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>While the database is unavailable: the <c>Retry-After</c> of the API's 503 and of the pages' error answer.</summary>
    public int RetryAfterSeconds { get; set; } = 60;

    public bool IsSqlServer => string.Equals(Provider, SqlServer, StringComparison.OrdinalIgnoreCase);
    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    internal static IEnumerable<string> Validate(DatabaseOptions o)
    {
        if (o.BusyTimeoutSeconds is < 1 or > 600) yield return "Database:BusyTimeoutSeconds must be between 1 and 600.";
        if (o.RetryAfterSeconds is < 1 or > 3600) yield return "Database:RetryAfterSeconds must be between 1 and 3600.";
        if (!o.IsSqlite && !o.IsSqlServer)
            yield return $"Database:Provider '{o.Provider}' is not supported. Valid values: {Sqlite}, {SqlServer}.";
        if (o.IsSqlServer && string.IsNullOrWhiteSpace(o.ConnectionString))
            yield return "Database:ConnectionString is required when Database:Provider is SqlServer " +
                         "(e.g. \"Server=.;Database=Loyalty;Trusted_Connection=True;TrustServerCertificate=True\").";
    }
}
