using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Loyalty.Web.Data;

/// <summary>
/// Recognises a database that is there but cannot serve for now (locked by another writer, read-only, unopenable, out of
/// space; SQL Server gone or failing over), wherever the error is wrapped: the ledger writer fails its callers with an
/// <see cref="InvalidOperationException"/> around it, EF Core with a <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/>
/// or its retry strategy's "retry limit exceeded". The API answers 503 with <c>Retry-After</c> for it, pages a short message,
/// never the generic error. A rolled-back attempt changed nothing: the writer answers only after its commit.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary codes).</summary>
    private static readonly HashSet<int> SqliteCodes = [5, 6, 8, 10, 13, 14];

    /// <summary>
    /// SQL Server: connection failures (-2 timeout, 2, 53, 64, 233, 10053, 10054, 10060, 10061, 11001), the database not
    /// available or read-only (4060, 4221, 3906), a deadlock victim (1205), and the failover and resource errors that Azure SQL and EF Core's
    /// retry strategy treat as transient. A bad login is not among them: that stays a 500 for operators to fix.
    /// </summary>
    private static readonly HashSet<int> SqlServerNumbers =
    [
        -2, 2, 53, 64, 233, 1205, 3906, 4060, 4221, 10053, 10054, 10060, 10061, 10928, 10929, 11001, 40143, 40197, 40501, 40613,
        41301, 41302, 41305, 41325, 41839, 49918, 49919, 49920,
    ];

    /// <summary>True when <paramref name="error"/> or one of its inner errors says the database cannot serve for now.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            switch (e)
            {
                case SqliteException s when SqliteCodes.Contains(s.SqliteErrorCode & 0xFF):
                    return true;
                case SqlException s when s.Errors.Cast<SqlError>().Any(x => SqlServerNumbers.Contains(x.Number)) || SqlServerNumbers.Contains(s.Number):
                    return true;
                case AggregateException a when a.InnerExceptions.Any(Is):
                    return true;
            }
        return false;
    }
}
