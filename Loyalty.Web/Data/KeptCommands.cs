using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Loyalty.Web.Data;

/// <summary>
/// Commands kept per connection for the ledger writer's hot path: the writer's connection lives on, so each statement
/// is parsed (prepared) once and then only run with new values. Other connections get a command that simply goes
/// with them (a closed SQLite connection drops its prepared statements; running the command again prepares anew).
/// </summary>
internal static class KeptCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<object, DbCommand>> Commands = [];

    public static DbCommand GetOrAdd(DbConnection connection, object key, Func<DbCommand> create)
    {
        var kept = Commands.GetValue(connection, _ => []);
        if (!kept.TryGetValue(key, out var command)) kept[key] = command = create();
        return command;
    }
}
