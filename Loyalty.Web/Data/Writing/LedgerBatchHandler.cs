using Loyalty.Web.Data;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Handles many queued changes of one kind together: set-based reads, then all of the group's writes (multi-row inserts,
/// <see cref="RowUpdater"/>, SaveChanges) under one savepoint of the writer's transaction.
/// </summary>
public interface ILedgerBatchHandler<TItem, TResult>
{
    /// <summary>
    /// Applies the items in order. A refusal of one item is its outcome (an exception), decided before saving;
    /// throwing means the whole group failed to save, and the writer then retries each item alone.
    /// </summary>
    Task<IReadOnlyList<LedgerOutcome<TResult>>> RunAsync(LoyaltyDbContext db, IReadOnlyList<TItem> items, CancellationToken ct);
}

public readonly record struct LedgerOutcome<T>(T? Result, Exception? Error)
{
    public static LedgerOutcome<T> Ok(T result) => new(result, null);
    public static LedgerOutcome<T> Refused(Exception error) => new(default, error);
}
