using System.Data.Common;
using System.Globalization;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Bench;

/// <summary>
/// The generator's inserts: one prepared single-row INSERT per table, run once per row inside the batch's transaction, with
/// the columns and value conversions of the EF model (the columns <c>RowInserter</c> writes: those the database does not
/// generate, or with <c>withKeys</c> the keys too). The parameters are made once and get each row's values, converted as EF
/// converts them. On SQLite this is several times faster for millions of rows than multi-row statements of ~2,000 parameters,
/// which are parsed anew for every command and bind each parameter by name (measured: 5,400 purchases/s through RowInserter).
/// </summary>
internal static class BulkInsert
{
    private static readonly Dictionary<(DbConnection, IEntityType, bool), Shape> Commands = [];

    private sealed record Shape(DbCommand Command, List<IProperty> Columns, List<ValueConverter?> Converters, List<IClrPropertyGetter?> Getters);

    public static Task RowsAsync<T>(LoyaltyDbContext db, IReadOnlyList<T> rows) where T : class =>
        RowsAsync(db, db.Model.FindEntityType(typeof(T))!, rows, null);

    /// <summary>Rows with their primary key given (ids the generator chose), not made by the database.</summary>
    public static Task RowsWithKeysAsync<T>(LoyaltyDbContext db, IReadOnlyList<T> rows) where T : class =>
        RowsAsync(db, db.Model.FindEntityType(typeof(T))!, rows, null, withKeys: true);

    /// <param name="shadow">The value of a shadow property (a foreign key) or of a JSON container column (by its name) for the row at an index.</param>
    public static async Task RowsAsync<T>(LoyaltyDbContext db, IEntityType type, IReadOnlyList<T> rows, Func<int, IProperty, object?>? shadow,
        bool withKeys = false, IReadOnlyList<(string Column, Func<int, object?> Value)>? containers = null) where T : class
    {
        if (rows.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        if (!Commands.TryGetValue((connection, type, withKeys), out var shape))
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = type.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            var columns = type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || (withKeys && p.IsPrimaryKey())).ToList();
            var names = columns.Select(c => c.GetColumnName(store)!).Concat(containers?.Select(j => j.Column) ?? []).ToList();
            var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table)} ({string.Join(", ", names.Select(sql.DelimitIdentifier))}) " +
                                  $"VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
            // The parameters once, as EF makes them (type, size); each row sets their values, converted as EF converts them.
            for (var c = 0; c < columns.Count; c++)
                command.Parameters.Add(((RelationalTypeMapping)columns[c].GetRelationalTypeMapping()).CreateParameter(command, $"@p{c}", null, true));
            for (var j = 0; j < (containers?.Count ?? 0); j++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{columns.Count + j}";
                command.Parameters.Add(parameter);
            }
            shape = Commands[(connection, type, withKeys)] = new Shape(command, columns,
                columns.ConvertAll(c => c.GetTypeMapping().Converter), columns.ConvertAll(c => c.IsShadowProperty() ? null : c.GetGetter()));
        }
        var (cmd, cols, converters, getters) = shape;
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var parameters = cmd.Parameters;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < cols.Count; c++)
            {
                var value = getters[c] is { } getter ? getter.GetClrValue(rows[r]) : shadow!(r, cols[c]);
                parameters[c].Value = value is null ? DBNull.Value : converters[c] is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
            }
            for (var j = 0; j < (containers?.Count ?? 0); j++) parameters[cols.Count + j].Value = containers![j].Value(r) ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Redemptions with their spent shares in the JSON column as EF writes it (<c>[{"ExpiresAt":…,"LotId":"…","Points":…}]</c>:
    /// the model's property names in order, the expiry through the model's converter, the lot id as SQLite's upper-case text);
    /// the generator's fingerprint reads them back through EF.
    /// </summary>
    public static Task RedemptionsAsync(LoyaltyDbContext db, IReadOnlyList<Redemption> rows)
    {
        var type = db.Model.FindEntityType(typeof(Redemption))!;
        var shares = type.FindNavigation(nameof(Redemption.Spent))!.TargetEntityType;
        var expires = shares.FindProperty(nameof(SpentShare.ExpiresAt))!.GetTypeMapping().Converter;
        var names = shares.GetProperties().Where(p => !p.IsShadowProperty()).Select(p => p.Name).ToList();
        if (!names.SequenceEqual([nameof(SpentShare.ExpiresAt), nameof(SpentShare.LotId), nameof(SpentShare.Points)]))
            throw new InvalidOperationException($"The spent shares' JSON has other properties now ({string.Join(", ", names)}): update {nameof(RedemptionsAsync)}.");
        string Json(Redemption r) => "[" + string.Join(",", r.Spent.Select(s =>
            $"{{\"ExpiresAt\":{(s.ExpiresAt is { } at ? Convert.ToString(expires is null ? at : expires.ConvertToProvider(at), CultureInfo.InvariantCulture) : "null")}," +
            $"\"LotId\":\"{s.LotId.ToString().ToUpperInvariant()}\",\"Points\":{s.Points.ToString(CultureInfo.InvariantCulture)}}}")) + "]";
        return RowsAsync(db, type, rows, null, containers: [(shares.GetContainerColumnName()!, i => Json(rows[i]))]);
    }
}
