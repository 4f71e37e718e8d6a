using System.Diagnostics;
using System.Threading.Channels;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Web.Data.Writing;

/// <summary>
/// Every change of points goes through here: one writer per app instance that runs the queued changes in
/// batches inside one transaction (group commit: one durable commit for many changes, which is what lets
/// SQLite take thousands of purchases a second). Each change, or group of like changes, has its own savepoint,
/// so a failure rolls back only itself. Across app instances, the member's concurrency token makes a racing
/// change fail and retry, so the same points are never spent twice. Callers are answered only once their commit is
/// durable; where the database allows it (<see cref="ICommitDurability"/>), the flush to disk runs beside the writer,
/// which meanwhile goes on with the next batch.
/// </summary>
public sealed partial class LedgerWriter(IDbContextFactory<LoyaltyDbContext> dbFactory, ICommitDurability durability, LoyaltyMetrics metrics,
    TimeProvider clock, ILogger<LedgerWriter> logger, IEnumerable<ILedgerCommitListener> listeners) : BackgroundService
{
    public const int MaxBatch = 512;

    /// <summary>Batch marks older than this are removed (a commit's outcome is checked within seconds of it).</summary>
    internal static readonly TimeSpan MarkKept = TimeSpan.FromDays(1);

    /// <summary>Idempotency keys are honoured this long after their change; then they are removed.</summary>
    public static readonly TimeSpan IdempotencyKept = TimeSpan.FromDays(7);

    /// <summary>Every this many batches (and on the first), old batch marks and idempotency keys are removed.</summary>
    private const int CleanupEvery = 1000;
    private long _batches;
    private const int MaxConcurrencyRetries = 5;
    private readonly Channel<ILedgerWork> _queue = Channel.CreateBounded<ILedgerWork>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly ILedgerCommitListener[] _listeners = [.. listeners];
    private LoyaltyDbContext? _db;
    private CommitFlush? _flush;
    private readonly Channel<Committed> _committed = Channel.CreateUnbounded<Committed>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>
    /// Runs <paramref name="work"/> in the writer, inside the writer's transaction and under a savepoint of its own: it may save
    /// more than once, and all of it commits or rolls back together. It must not begin or commit a transaction itself; after
    /// a concurrency conflict it runs again from the start on a cleared context, so it reads what it decides on.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<LoyaltyDbContext, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        var item = new SingleWork<T>(work);
        await _queue.Writer.WriteAsync(item, ct);
        return await item.Completion.Task.WaitAsync(ct);
    }

    /// <summary>Queues an item that the writer may apply together with other items of the same handler.</summary>
    public async Task<TResult> ExecuteBatchedAsync<TItem, TResult>(ILedgerBatchHandler<TItem, TResult> handler, TItem item, CancellationToken ct = default)
    {
        var work = new BatchedWork<TItem, TResult>(handler, item);
        await _queue.Writer.WriteAsync(work, ct);
        return await work.Completion.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var acknowledging = AcknowledgeAsync();
        var batch = new List<ILedgerWork>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work)) batch.Add(work);
                await RunBatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left)) left.Fail(new OperationCanceledException("The app is stopping."));
        _committed.Writer.TryComplete();
        await acknowledging;
        await DropWriterContextAsync();
    }

    /// <summary>
    /// The writer keeps one context (and, where the database has one, its own connection) from batch to batch: it is the
    /// only user, every batch starts with an empty change tracker, and a failed batch drops both.
    /// </summary>
    private async Task<(LoyaltyDbContext Db, CommitFlush? Flush)> WriterContextAsync(CancellationToken ct)
    {
        if (_db is null)
        {
            var db = await dbFactory.CreateDbContextAsync(ct);
            db.Database.AutoSavepointsEnabled = false; // we set our own, per change or group
            NoteLedgerMembers(db);
            try
            {
                _flush = await durability.DeferAsync(db, ct);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
            _db = db;
        }
        return (_db, _flush);
    }

    /// <summary>
    /// Whose points a change touches, seen as it happens (no query, nothing extra on the purchases' path, which adds its
    /// entries through <see cref="RowInserter"/>): a new ledger entry, or a member row that changed (tier, debt).
    /// </summary>
    private static void NoteLedgerMembers(LoyaltyDbContext db)
    {
        db.ChangeTracker.Tracked += (_, e) =>
        {
            if (e.Entry.State == EntityState.Added && e.Entry.Entity is Domain.Ledger.LedgerEntry entry) db.LedgerMembers.Add(entry.MemberId);
        };
        db.ChangeTracker.StateChanged += (_, e) =>
        {
            if (e.NewState == EntityState.Modified && e.Entry.Entity is Domain.Members.Member member) db.LedgerMembers.Add(member.Id);
        };
    }

    private async Task DropWriterContextAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
        _db = null;
        durability.Reset();
    }

    /// <summary>
    /// Whether a batch's mark was committed. Serializable, so the read takes locks even where reads see row versions
    /// (SQL Server's READ_COMMITTED_SNAPSHOT): it waits for a commit still being processed instead of missing it.
    /// </summary>
    private static async Task<bool> MarkStandsAsync(LoyaltyDbContext db, Guid mark, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, ct);
        var stands = await db.LedgerBatchMarks.AsNoTracking().AnyAsync(m => m.Id == mark, ct);
        await tx.CommitAsync(ct);
        return stands;
    }

    /// <summary>The same on a fresh context, after a failure the strategy gave up on; null when the database cannot tell now.</summary>
    private async Task<bool?> CommitStoodAsync(Guid mark)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => MarkStandsAsync(db, mark, CancellationToken.None));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not read whether a ledger batch's commit stood.");
            return null;
        }
    }

    private async Task RunBatchAsync(List<ILedgerWork> batch, CancellationToken ct)
    {
        var marked = false;
        var committing = false;
        var mark = Guid.Empty;
        var done = new List<ILedgerWork>(batch.Count);
        // Refusals are handed out only after the commit: the retry strategy may run the whole batch again.
        var refused = new List<(ILedgerWork Work, Exception Error)>();
        try
        {
            var (db, flush) = await WriterContextAsync(ct);
            var strategy = db.Database.CreateExecutionStrategy();
            // Where the strategy may run the batch again after a failed commit, a mark written with the batch tells a lost
            // answer (the commit stood: do not run it twice) from a real failure (nothing stood: run it again).
            marked = strategy.RetriesOnFailure;
            var started = 0L;
            await strategy.ExecuteAsync(0, async (_, _, token) =>
            {
                started = Stopwatch.GetTimestamp();
                mark = Guid.NewGuid();
                committing = false;
                done.Clear();
                refused.Clear();
                db.AfterCommit.Clear();
                db.ChangeTracker.Clear();
                db.LedgerMembers.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(token);
                var savepoint = 0;
                for (var i = 0; i < batch.Count;)
                {
                    var group = TakeGroup(batch, ref i);
                    if (group.Count > 1 && await TryRunAsync(db, tx, $"g{savepoint++}", () => group[0].RunGroupAsync(db, group, token), token, retries: 1) is null)
                    {
                        done.AddRange(group);
                        continue;
                    }
                    foreach (var work in group)
                    {
                        var error = await TryRunAsync(db, tx, $"w{savepoint++}", () => work.RunGroupAsync(db, [work], token), token, MaxConcurrencyRetries);
                        if (error is null) done.Add(work);
                        else refused.Add((work, error));
                    }
                }
                if (marked)
                {
                    db.LedgerBatchMarks.Add(new LedgerBatchMark(mark, clock.GetUtcNow()));
                    await db.SaveChangesAsync(token);
                    db.ChangeTracker.Clear();
                }
                committing = true;
                await tx.CommitAsync(token);
                return true;
            }, async (_, _, token) =>
                // Asked only after a failure the strategy would retry: did the commit stand after all?
                new ExecutionResult<bool>(marked && await MarkStandsAsync(db, mark, token), true), ct);
            metrics.LedgerBatchCommitted(batch.Count, started);
            // Answers go out once the commit is on disk; meanwhile this loop goes on with the next batch.
            _committed.Writer.TryWrite(new Committed(done, refused, flush, db.AfterCommit.Count == 0 ? [] : [.. db.AfterCommit],
                [.. db.LedgerMembers.Distinct()]));
        }
        catch (Exception ex)
        {
            var afterCommit = _db is null ? [] : new List<Action>(_db.AfterCommit);
            long[] members = _db is null ? [] : [.. _db.LedgerMembers.Distinct()];
            await DropWriterContextAsync();
            // A failure the strategy does not retry (a timeout, the retries used up) may have come after the commit stood: ask.
            var stood = committing && marked ? await CommitStoodAsync(mark) : false;
            if (stood == true)
            {
                logger.LogWarning(ex, "The commit of a ledger batch of {Count} changes failed to answer, but it stood; its callers are answered.", batch.Count);
                _committed.Writer.TryWrite(new Committed(done, refused, null, afterCommit, members));
                return;
            }
            logger.LogError(ex, stood is null
                ? "A ledger batch of {Count} changes failed at its commit, and whether it stood cannot be told now."
                : "A ledger batch of {Count} changes could not be committed; none of them was applied.", batch.Count);
            // Every caller gets an answer, including those the batch never reached.
            Exception failure = stood is null ? new UnconfirmedCommitException(ex) : new InvalidOperationException("The change could not be saved; please try again.", ex);
            foreach (var work in batch) work.Fail(failure);
            return;
        }
        // Housekeeping after a commit that stands: whatever happens here, the batch's callers get their answers.
        try
        {
            await durability.AfterCommitAsync(_db!, CancellationToken.None);
            if (_batches++ % CleanupEvery == 0) await RemoveOldMarksAsync(_db!);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checkpointing after a ledger commit failed; the writer starts again on a fresh connection.");
            await DropWriterContextAsync();
        }
    }

    /// <summary>Batch marks and idempotency keys are kept only as long as a retry can come; two cheap indexed deletes.</summary>
    private async Task RemoveOldMarksAsync(LoyaltyDbContext db)
    {
        var now = clock.GetUtcNow();
        var marksBefore = now - MarkKept;
        var keysBefore = now - IdempotencyKept;
        await db.LedgerBatchMarks.Where(m => m.CommittedAt < marksBefore).ExecuteDeleteAsync();
        await db.IdempotencyRecords.Where(r => r.CreatedAt < keysBefore).ExecuteDeleteAsync();
    }

    /// <summary>Flushes committed batches to disk (one flush for all that are waiting) and then answers their callers.</summary>
    private async Task AcknowledgeAsync()
    {
        var waiting = new List<Committed>();
        while (await _committed.Reader.WaitToReadAsync())
        {
            waiting.Clear();
            while (_committed.Reader.TryRead(out var committed)) waiting.Add(committed);
            Exception? failure = null;
            if (waiting.LastOrDefault(c => c.Flush is not null)?.Flush is { } flush)
            {
                try
                {
                    await flush(CancellationToken.None);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Committed ledger changes could not be flushed to disk.");
                    failure = new UnconfirmedCommitException(ex);
                }
            }
            foreach (var committed in waiting)
            {
                if (failure is null)
                {
                    RunAfterCommit(committed.AfterCommit);
                    TellListeners(committed.Members);
                }
                committed.Acknowledge(failure);
            }
        }
    }

    private void RunAfterCommit(List<Action> actions)
    {
        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Work after a ledger commit failed; the commit itself stands.");
            }
        }
    }

    private void TellListeners(long[] members)
    {
        if (members.Length == 0) return;
        foreach (var listener in _listeners)
        {
            try
            {
                listener.MembersChanged(members);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Telling members' pages about a ledger commit failed; the commit itself stands.");
            }
        }
    }

    private sealed record Committed(List<ILedgerWork> Done, List<(ILedgerWork Work, Exception Error)> Refused, CommitFlush? Flush,
        List<Action> AfterCommit, long[] Members)
    {
        public void Acknowledge(Exception? flushFailure)
        {
            foreach (var work in Done)
                if (flushFailure is null) work.Complete();
                else work.Fail(flushFailure);
            foreach (var (work, error) in Refused) work.Fail(error);
        }
    }

    /// <summary>Consecutive works of the same batch handler form a group; any other work is a group of one.</summary>
    private static List<ILedgerWork> TakeGroup(List<ILedgerWork> batch, ref int i)
    {
        var group = new List<ILedgerWork> { batch[i++] };
        var key = group[0].GroupKey;
        while (key is not null && i < batch.Count && ReferenceEquals(batch[i].GroupKey, key)) group.Add(batch[i++]);
        return group;
    }

    /// <summary>Runs inside a savepoint; returns null on success, else the error after rolling back to the savepoint.</summary>
    private static async Task<Exception?> TryRunAsync(LoyaltyDbContext db, IDbContextTransaction tx, string savepoint, Func<Task> run,
        CancellationToken ct, int retries)
    {
        var mark = db.AfterCommit.Count;
        var members = db.LedgerMembers.Count;
        for (var attempt = 1; ; attempt++)
        {
            await tx.CreateSavepointAsync(savepoint, ct);
            try
            {
                await run();
                await tx.ReleaseSavepointAsync(savepoint, ct);
                return null;
            }
            catch (DbUpdateException e) when (attempt < retries && (e is DbUpdateConcurrencyException || UniqueViolation.Is(e)))
            {
                // Another writer (another app instance) got there first: read again and decide again.
                await tx.RollbackToSavepointAsync(savepoint, ct);
                db.AfterCommit.RemoveRange(mark, db.AfterCommit.Count - mark);
                db.LedgerMembers.RemoveRange(members, db.LedgerMembers.Count - members);
            }
            catch (Exception ex)
            {
                await tx.RollbackToSavepointAsync(savepoint, ct);
                db.AfterCommit.RemoveRange(mark, db.AfterCommit.Count - mark);
                db.LedgerMembers.RemoveRange(members, db.LedgerMembers.Count - members);
                return ex;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
