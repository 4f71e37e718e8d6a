using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Web.Data.Writing;

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

    /// <summary>Commands for up to this many rows are kept (prepared) per connection and reused.</summary>
    private const int MaxCachedRows = 64;

    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    public static Task InsertAsync<T>(LoyaltyDbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class =>
        InsertAsync(db, rows, MaxParameters, ct);

    /// <param name="parametersPerCommand">At most this many parameters (rows × columns, at least one row) per INSERT.</param>
    public static Task InsertAsync<T>(LoyaltyDbContext db, IReadOnlyList<T> rows, int parametersPerCommand, CancellationToken ct) where T : class =>
        InsertAsync(db, db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity type of the model."), rows, shadow: null, parametersPerCommand, ct);

    /// <param name="shadow">Values of shadow properties (e.g. an owned item's foreign key) for the row at an index.</param>
    public static Task InsertAsync<T>(LoyaltyDbContext db, IEntityType entityType, IReadOnlyList<T> rows,
        Func<int, IProperty, object?>? shadow, CancellationToken ct) where T : class =>
        InsertAsync(db, entityType, rows, shadow, MaxParameters, ct);

    private static async Task InsertAsync<T>(LoyaltyDbContext db, IEntityType entityType, IReadOnlyList<T> rows,
        Func<int, IProperty, object?>? shadow, int parametersPerCommand, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        if (rows is IReadOnlyList<Domain.Ledger.LedgerEntry> entries)
            foreach (var entry in entries) db.LedgerMembers.Add(entry.MemberId);
        var shape = Shapes.GetValue(entityType, type => Shape.For(db, type));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var columns = shape.Columns;
        var perCommand = Math.Clamp(Math.Min(parametersPerCommand, MaxParameters) / columns.Count, 1, MaxRows);
        for (var start = 0; start < rows.Count; start += perCommand)
        {
            var count = Math.Min(perCommand, rows.Count - start);
            var (command, owned) = CommandFor(connection, shape, count);
            try
            {
                command.Transaction = transaction;
                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var value = shape.Getters[c] is { } getter ? getter.GetClrValue(row)
                            : shadow is not null ? shadow(start + r, columns[c])
                            : throw new InvalidOperationException($"No value for the shadow column {columns[c].Name} of {entityType.DisplayName()}.");
                        command.Parameters.Add(shape.Mappings[c].CreateParameter(command, shape.ParameterName(r * columns.Count + c), value, columns[c].IsNullable));
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e)
            {
                // The writer's retry and refusal logic speaks DbUpdateException, as SaveChanges would have thrown.
                throw new DbUpdateException($"Inserting {count} rows into {shape.Table} failed: {e.Message}", e);
            }
            finally
            {
                command.Parameters.Clear(); // the rows' values are not kept alive by a cached command
                if (owned) await command.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The INSERT for <paramref name="count"/> rows: kept per connection for small counts, so a connection that lives on
    /// (the ledger writer's) parses each shape once; larger ones are made for the occasion (owned by the caller).
    /// </summary>
    private static (DbCommand Command, bool Owned) CommandFor(DbConnection connection, Shape shape, int count)
    {
        if (count > MaxCachedRows) return (shape.NewCommand(connection, count), true);
        return (KeptCommands.GetOrAdd(connection, (shape.EntityType, count), () => shape.NewCommand(connection, count)), false);
    }

    /// <summary>What an insert into one entity type's table needs, worked out once from the model.</summary>
    private sealed class Shape
    {
        private readonly string _head;
        private readonly List<string> _parameterNames = [];
        private readonly ISqlGenerationHelper _sql;

        private Shape(IEntityType entityType, ISqlGenerationHelper sql)
        {
            EntityType = entityType;
            _sql = sql;
            Table = entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(Table, entityType.GetSchema());
            Columns = entityType.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
            _head = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(Table, entityType.GetSchema())).Append(" (")
                .AppendJoin(", ", Columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(store)!))).Append(") VALUES ").ToString();
            Mappings = Columns.Select(c => (RelationalTypeMapping)c.GetRelationalTypeMapping()).ToList();
            Getters = Columns.Select(c => c.IsShadowProperty() ? null : c.GetGetter()).ToList();
        }

        public IEntityType EntityType { get; }
        public string Table { get; }
        public List<IProperty> Columns { get; }
        public List<RelationalTypeMapping> Mappings { get; }
        public List<IClrPropertyGetter?> Getters { get; }

        public static Shape For(LoyaltyDbContext db, IEntityType entityType) => new(entityType, db.GetService<ISqlGenerationHelper>());

        public string ParameterName(int index)
        {
            lock (_parameterNames)
            {
                while (_parameterNames.Count <= index) _parameterNames.Add(_sql.GenerateParameterName($"p{_parameterNames.Count}"));
                return _parameterNames[index];
            }
        }

        public DbCommand NewCommand(DbConnection connection, int count)
        {
            var text = new StringBuilder(_head, _head.Length + count * Columns.Count * 8);
            for (var r = 0; r < count; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Count; c++) text.Append(c == 0 ? "" : ", ").Append(ParameterName(r * Columns.Count + c));
                text.Append(')');
            }
            var command = connection.CreateCommand();
            command.CommandText = text.ToString();
            return command;
        }
    }
}
