using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Saves the modified tracked entities of one type as SaveChanges would (only the changed columns, the concurrency
/// tokens checked against the values read), but with one kept UPDATE per set of changed columns on the context's
/// connection, run once per row: the ledger writer changes the same few columns of many members in every group, and
/// SaveChanges would build and parse a fresh batch of statements each time. Saved entities become unchanged.
/// Table, columns and value conversions come from the EF model and the provider's own SQL helper and type mappings.
/// </summary>
internal static class RowUpdater
{
    public static async Task SaveModifiedAsync<T>(LoyaltyDbContext db, CancellationToken ct) where T : class
    {
        var entries = db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Modified).ToList();
        if (entries.Count == 0) return;
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await db.Database.OpenConnectionAsync(ct); // a no-op inside the writer's transaction; else held until the end
        try
        {
            await UpdateAsync(entries, connection, transaction, sql, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        foreach (var entry in entries)
        {
            // Saved: the values read become the values written (setting the state alone would put the old values back).
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
    }

    private static async Task UpdateAsync(IEnumerable<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> entries, DbConnection connection,
        DbTransaction? transaction, ISqlGenerationHelper sql, CancellationToken ct)
    {
        foreach (var entry in entries)
        {
            if (entry.ComplexProperties.Any(c => c.IsModified))
                throw new NotSupportedException($"{entry.Metadata.DisplayName()} has a changed complex property, which this writer does not save.");
            var shape = ShapeOf(entry, sql);
            if (shape.Set.Length == 0) continue; // nothing changed: as SaveChanges, no statement
            var command = KeptCommands.GetOrAdd(connection, shape, () => shape.NewCommand(connection));
            command.Transaction = transaction;
            command.Parameters.Clear();
            var i = 0;
            foreach (var property in shape.Set) Add(command, shape, i++, property, entry.Property(property.Name).CurrentValue);
            foreach (var property in shape.Key) Add(command, shape, i++, property, entry.Property(property.Name).CurrentValue);
            foreach (var property in shape.Tokens) Add(command, shape, i++, property, entry.Property(property.Name).OriginalValue);
            int rows;
            try
            {
                rows = await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e)
            {
                throw new DbUpdateException($"Updating a row of {shape.Table} failed: {e.Message}", e);
            }
            finally
            {
                command.Parameters.Clear();
            }
            if (rows != 1)
                throw new DbUpdateConcurrencyException(
                    $"A row of {shape.Table} was changed or deleted by someone else since it was read; expected 1 row, updated {rows}.");
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IEntityType, ulong), Shape> Shapes = new();

    private static Shape ShapeOf(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, ISqlGenerationHelper sql)
    {
        var mask = 0UL;
        var index = 0;
        foreach (var property in entry.Properties)
        {
            if (index == 64) throw new NotSupportedException($"{entry.Metadata.DisplayName()} has more than 64 properties.");
            if (property.IsModified) mask |= 1UL << index;
            index++;
        }
        return Shapes.GetOrAdd((entry.Metadata, mask), _ =>
            Shape.For(entry.Metadata, entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray(), sql));
    }

    private static void Add(DbCommand command, Shape shape, int index, IProperty property, object? value) =>
        command.Parameters.Add(((RelationalTypeMapping)property.GetRelationalTypeMapping())
            .CreateParameter(command, shape.ParameterNames[index], value, property.IsNullable));

    /// <summary>
    /// The UPDATE for one entity type and one set of changed columns. There is one instance per shape (<see cref="Shapes"/>),
    /// so the instance itself keys its kept command.
    /// </summary>
    private sealed class Shape(string table, IProperty[] set, IProperty[] key, IProperty[] tokens, string text, string[] parameterNames)
    {
        public string Table { get; } = table;
        public IProperty[] Set { get; } = set;
        public IProperty[] Key { get; } = key;
        public IProperty[] Tokens { get; } = tokens;
        public string[] ParameterNames { get; } = parameterNames;

        public static Shape For(IEntityType type, IProperty[] changed, ISqlGenerationHelper sql)
        {
            var table = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var key = type.FindPrimaryKey()!.Properties.ToArray();
            var tokens = type.GetProperties().Where(p => p.IsConcurrencyToken).ToArray();
            if (tokens.Any(t => t.IsNullable))
                throw new NotSupportedException($"{type.DisplayName()} has a nullable concurrency token, which needs IS NULL checks this writer does not make.");
            var names = Enumerable.Range(0, changed.Length + key.Length + tokens.Length).Select(i => sql.GenerateParameterName($"u{i}")).ToArray();
            string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(store)!);
            var i = 0;
            var text = new StringBuilder("UPDATE ").Append(sql.DelimitIdentifier(table, type.GetSchema())).Append(" SET ")
                .AppendJoin(", ", changed.Select(p => $"{Column(p)} = {names[i++]}"))
                .Append(" WHERE ").AppendJoin(" AND ", key.Concat(tokens).Select(p => $"{Column(p)} = {names[i++]}"))
                .ToString();
            return new Shape(table, changed, key, tokens, text, names);
        }

        public DbCommand NewCommand(DbConnection connection)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            return command;
        }
    }
}
