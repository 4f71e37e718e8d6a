using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Whether the change stands cannot be told: its commit could not be confirmed as durable (the flush to disk failed), or the
/// commit failed in a way that may have come after it stood and the database could not be asked. Sending it again is safe only for a change that carries its own id (a purchase's external id) or an
/// idempotency key; anything else should be checked first, or it may apply twice.
/// </summary>
public sealed class UnconfirmedCommitException(Exception inner) : InvalidOperationException(
    "The change may or may not have been saved: its commit could not be confirmed. Sending it again with the same id or idempotency key is safe " +
    "(it applies once); without one, check whether it was applied before you try again.", inner);

/// <summary>Recognises a unique-index violation on either provider.</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException e) => IsError(e.InnerException);

    /// <summary>The database's own error (a command sent around EF Core, e.g. by RowInserter), or EF Core's wrapping of it.</summary>
    public static bool IsError(Exception? e) => e switch
    {
        DbUpdateException update => Is(update),
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException s => s.Number is 2601 or 2627,
        _ => false,
    };
}
