using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Commands kept per open connection for the ledger writer's hot path: the writer's connection lives on, so each
/// statement is parsed (prepared) once and then only run with new values. When a connection closes, its kept commands
/// are disposed and forgotten (a pooled SQLite connection may come back with another handle), so a connection that is
/// opened per operation simply gets fresh ones each time.
/// </summary>
internal static class KeptCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<object, DbCommand>> Commands = [];

    public static DbCommand GetOrAdd(DbConnection connection, object key, Func<DbCommand> create)
    {
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("Commands are kept only on an open connection (they must not outlive its handle).");
        if (!Commands.TryGetValue(connection, out var kept))
        {
            kept = [];
            Commands.Add(connection, kept);
            connection.StateChange += Forget;
        }
        if (!kept.TryGetValue(key, out var command)) kept[key] = command = create();
        return command;
    }

    private static void Forget(object? sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Open || sender is not DbConnection connection) return;
        connection.StateChange -= Forget;
        if (!Commands.TryGetValue(connection, out var kept)) return;
        Commands.Remove(connection);
        foreach (var command in kept.Values) command.Dispose();
    }
}
