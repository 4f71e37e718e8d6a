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
    /// <summary>
    /// SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN (primary codes). Not SQLITE_LOCKED (6): a
    /// conflict within one connection is a bug to see, not an outage.
    /// </summary>
    private static readonly HashSet<int> SqliteCodes = [5, 8, 10, 13, 14];

    /// <summary>
    /// SQL Server: connection failures (2, 53, 64, 233, 10053, 10054, 10060, 10061, 11001), the database read-only or in
    /// transition (3906, 4221), and the failover and resource errors that Azure SQL and EF Core's retry strategy treat as
    /// transient. Not among them: a timeout (-2: the statement may have completed, so "nothing was changed" could be false), a
    /// deadlock victim after the retries (1205: a lock-order bug), an unknown database (4060) or a bad login (operators' to fix).
    /// </summary>
    private static readonly HashSet<int> SqlServerNumbers =
    [
        2, 53, 64, 233, 3906, 4221, 10053, 10054, 10060, 10061, 10928, 10929, 11001, 40143, 40197, 40501, 40613,
        41301, 41302, 41305, 41325, 41839, 49918, 49919, 49920,
    ];

    /// <summary>True when <paramref name="error"/> or one of its inner errors says the database cannot serve for now.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            switch (e)
            {
                case Writing.UnconfirmedCommitException: // the commit may have stood: never "nothing was changed"
                    return false;
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
