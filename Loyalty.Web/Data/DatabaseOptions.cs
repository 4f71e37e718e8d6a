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

    public bool IsSqlServer => string.Equals(Provider, SqlServer, StringComparison.OrdinalIgnoreCase);
    public bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    internal static IEnumerable<string> Validate(DatabaseOptions o)
    {
        if (!o.IsSqlite && !o.IsSqlServer)
            yield return $"Database:Provider '{o.Provider}' is not supported. Valid values: {Sqlite}, {SqlServer}.";
        if (o.IsSqlServer && string.IsNullOrWhiteSpace(o.ConnectionString))
            yield return "Database:ConnectionString is required when Database:Provider is SqlServer " +
                         "(e.g. \"Server=.;Database=Loyalty;Trusted_Connection=True;TrustServerCertificate=True\").";
    }
}
