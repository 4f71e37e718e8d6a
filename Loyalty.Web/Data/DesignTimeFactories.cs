using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Loyalty.Web.Data;

// Used by dotnet-ef only (Data/Migrations/add.sh). Identity must see the app's schema version, or passkeys are missed.
internal static class DesignTime
{
    public static IServiceProvider IdentityServices() => new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLoyaltyDbContext>
{
    public SqliteLoyaltyDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>()
        .UseSqlite(DatabaseOptions.DefaultSqliteConnection)
        .UseApplicationServiceProvider(DesignTime.IdentityServices())
        .Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerLoyaltyDbContext>
{
    public SqlServerLoyaltyDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqlServerLoyaltyDbContext>()
        .UseSqlServer("Server=.;Database=Loyalty;Trusted_Connection=True;TrustServerCertificate=True")
        .UseApplicationServiceProvider(DesignTime.IdentityServices())
        .Options);
}
