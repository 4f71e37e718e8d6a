using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Loyalty.Tests.Integration;

/// <summary>One model, two migration sets: neither may fall behind, and the SQL Server script must be valid T-SQL.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run Loyalty.Web/Data/Migrations/add.sh <Name>.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_SqlServer_migrations_match_the_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run Loyalty.Web/Data/Migrations/add.sh <Name>.");
        Assert.Equal(
            new SqliteDesignTimeFactory().CreateDbContext([]).Database.GetMigrations().Select(Name),
            db.Database.GetMigrations().Select(Name));
    }

    [Fact]
    public void The_idempotent_SqlServer_script_parses_without_errors()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);

        Assert.Contains("CREATE TABLE [Members]", script);
        Assert.Contains("AspNetUserPasskeys", script);
        Assert.Empty(errors.Select(e => $"line {e.Line}: {e.Message}"));
    }

    // Migration ids start with a timestamp that differs between the two sets; the name must not.
    private static string Name(string id) => id[(id.IndexOf('_') + 1)..];
}
