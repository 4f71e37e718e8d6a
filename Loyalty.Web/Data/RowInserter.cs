using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Web.Data;

/// <summary>
/// Inserts many new rows of one entity type with multi-row INSERT statements on the context's connection and
/// transaction, without the change tracker: the ledger writer's hot path. Table, columns and value conversions
/// come from the EF model and the provider's own SQL helper and type mappings, so the same code serves SQLite and
/// SQL Server. Store-generated columns are left to the database; shadow columns get their values from the caller.
/// </summary>
internal static class RowInserter
{
    /// <summary>SQL Server takes at most 2,100 parameters per command and 1,000 rows per VALUES list; SQLite more.</summary>
    private const int MaxParameters = 2_000;
    private const int MaxRows = 1_000;

    public static Task InsertAsync<T>(LoyaltyDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class =>
        InsertAsync(db, db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type of the model."), rows, shadow: null, ct);

    /// <param name="shadow">Values of shadow properties (e.g. an owned item's foreign key) for the row at an index.</param>
    public static async Task InsertAsync<T>(LoyaltyDbContext db, IEntityType entityType, IReadOnlyList<T> rows,
        Func<int, IProperty, object?>? shadow, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var table = entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no table.");
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = entityType.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table, entityType.GetSchema())).Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(store)!))).Append(") VALUES ").ToString();
        var mappings = columns.Select(c => (RelationalTypeMapping)c.GetRelationalTypeMapping()).ToList();
        var getters = columns.Select(c => c.IsShadowProperty() ? null : c.GetGetter()).ToList();

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var perCommand = Math.Clamp(MaxParameters / columns.Count, 1, MaxRows);
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head, head.Length + count * columns.Count * 8);
            for (var r = 0; r < count; r++)
            {
                var row = rows[start + r];
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var name = sql.GenerateParameterName($"p{r * columns.Count + c}");
                    var value = getters[c] is { } getter ? getter.GetClrValue(row)
                        : shadow is not null ? shadow(start + r, columns[c])
                        : throw new InvalidOperationException($"No value for the shadow column {columns[c].Name} of {entityType.DisplayName()}.");
                    command.Parameters.Add(mappings[c].CreateParameter(command, name, value, columns[c].IsNullable));
                    text.Append(c == 0 ? "" : ", ").Append(name);
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e)
            {
                // The writer's retry and refusal logic speaks DbUpdateException, as SaveChanges would have thrown.
                throw new DbUpdateException($"Inserting {count} rows into {table} failed: {e.Message}", e);
            }
        }
    }
}
