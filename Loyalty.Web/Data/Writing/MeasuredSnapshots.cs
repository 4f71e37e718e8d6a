using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// The stored measurements the analytics page reads (one row per campaign or tournament, docs/campaigns.md, "Results on the
/// analytics page"): the due ones are measured one by one, and a measurement is never stored over a newer one, since several
/// instances, or the page's measure-on-first-view and the job, may measure the same thing at once.
/// </summary>
internal static class MeasuredSnapshots
{
    /// <summary>Never measured, or last measured before <paramref name="finalAfter"/> past its end (after that it is final).</summary>
    public static bool IsDue(DateTimeOffset? measuredAt, DateTimeOffset endsAt, TimeSpan finalAfter) =>
        measuredAt is not { } at || at < endsAt + finalAfter;

    /// <summary>Measures each of <paramref name="due"/>; one that fails keeps its last figures and the others are still measured.</summary>
    /// <returns>How many were measured.</returns>
    public static async Task<int> MeasureEachAsync<T>(IEnumerable<T> due, Func<T, Task> measure, Func<T, int> id, string what, ILogger logger)
    {
        var measured = 0;
        foreach (var item in due)
        {
            try
            {
                await measure(item);
                measured++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not measure {What} {Id} for the analytics page; it is tried again on the next pass.", what, id(item));
            }
        }
        return measured;
    }

    /// <summary>
    /// Stores <paramref name="row"/> unless a later measurement is stored: a conditional update of the row where it is
    /// <paramref name="notNewer"/> than ours; when none was updated, an insert; when another instance inserted first, the
    /// conditional update once more (the row exists then). False when the stored measurement was newer and kept.
    /// </summary>
    public static async Task<bool> StoreIfNewerAsync<T>(LoyaltyDbContext db, T row, Expression<Func<T, bool>> notNewer,
        Action<UpdateSettersBuilder<T>> values, CancellationToken ct) where T : class
    {
        db.ChangeTracker.Clear();
        if (await db.Set<T>().Where(notNewer).ExecuteUpdateAsync(values, ct) > 0) return true;
        db.Set<T>().Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Stored already (by another instance, or newer than ours): replaced only if not newer.
            db.ChangeTracker.Clear();
            return await db.Set<T>().Where(notNewer).ExecuteUpdateAsync(values, ct) > 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
