using Loyalty.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Loyalty.Tests.Integration;

/// <summary>Migrations that move data: rows written under the earlier schema read right after the upgrade (SQLite here; the
/// SQL is the same text for SQL Server, whose script the migration tests parse).</summary>
public sealed class DataMigrationTests
{
    [Fact]
    public async Task Earlier_purchases_at_a_partners_store_move_to_that_partner_unless_it_already_uses_the_id()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        db.Database.SetDbConnection(connection);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("ApiKeyOwnersAndLimits", TestContext.Current.CancellationToken);

        // Only the columns this migration reads; members and partners themselves do not matter to it.
        await Execute(connection, "PRAGMA foreign_keys = OFF");
        await Execute(connection, """
            INSERT INTO Stores (Id, City, Code, Latitude, Longitude, Name, PartnerId) VALUES
              (1, 'Riga', 'rix-1', 56.9, 24.1, 'Program store', NULL),
              (2, 'Riga', 'sky-1', 56.9, 24.1, 'SkyJet desk', 7);
            INSERT INTO Purchases (Id, ExternalId, MemberId, StoreId, Amount, Currency, OccurredAt, RecordedAt, PointsEarned, RequestHash, RefundedAmount, PointsReversed, OwnerId) VALUES
              (1, 'p-program', 1, 1, '10', 'EUR', 0, 0, 50, '', '0', 0, 0),
              (2, 'p-at-partner', 1, 2, '10', 'EUR', 0, 0, 20, '', '0', 0, 0),
              (3, 'p-taken', 1, 2, '10', 'EUR', 0, 0, 20, '', '0', 0, 0),
              (4, 'p-taken', 1, 2, '10', 'EUR', 0, 0, 20, '', '0', 0, 7);
            """);

        await migrator.MigrateAsync(null, TestContext.Current.CancellationToken);

        var owners = new Dictionary<long, long>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT Id, OwnerId FROM Purchases";
            await using var rows = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await rows.ReadAsync(TestContext.Current.CancellationToken)) owners[rows.GetInt64(0)] = rows.GetInt64(1);
        }
        Assert.Equal(0, owners[1]); // the program's own store
        Assert.Equal(7, owners[2]); // moved to the store's partner
        Assert.Equal(0, owners[3]); // the partner already used the id: stays, so the unique index holds
        Assert.Equal(7, owners[4]);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
