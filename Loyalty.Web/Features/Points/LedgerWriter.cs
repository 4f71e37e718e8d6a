using System.Threading.Channels;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Points;

/// <summary>
/// Every change of points goes through here: one writer per app instance that runs the queued changes in
/// batches, each change inside its own savepoint, the batch in one transaction (group commit: one durable
/// commit for many changes, which is what lets SQLite take thousands of purchases a second).
/// A change that fails rolls back to its savepoint alone. Across app instances, the member's concurrency
/// token makes a racing change fail and retry, so the same points are never spent twice.
/// </summary>
public sealed class LedgerWriter(IDbContextFactory<LoyaltyDbContext> dbFactory, ILogger<LedgerWriter> logger) : BackgroundService
{
    public const int MaxBatch = 256;
    private const int MaxConcurrencyRetries = 5;
    private readonly Channel<ILedgerWork> _queue = Channel.CreateBounded<ILedgerWork>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Runs <paramref name="work"/> in the writer; it must make its changes with one SaveChanges call.</summary>
    public async Task<T> ExecuteAsync<T>(Func<LoyaltyDbContext, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        var item = new LedgerWork<T>(work);
        await _queue.Writer.WriteAsync(item, ct);
        return await item.Completion.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
    }

    private async Task RunBatchAsync(List<ILedgerWork> batch, CancellationToken ct)
    {
        var done = new List<ILedgerWork>(batch.Count);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                done.Clear();
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (await RunOneAsync(db, tx, batch[i], $"w{i}", ct)) done.Add(batch[i]);
                }
                await tx.CommitAsync(ct);
            });
            foreach (var work in done) work.Succeed();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A ledger batch of {Count} changes could not be committed; none of them was applied.", batch.Count);
            foreach (var work in done) work.Fail(new InvalidOperationException("The change could not be saved; please try again.", ex));
        }
    }

    private static async Task<bool> RunOneAsync(LoyaltyDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx,
        ILedgerWork work, string savepoint, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await tx.CreateSavepointAsync(savepoint, ct);
            try
            {
                await work.RunAsync(db, ct);
                await tx.ReleaseSavepointAsync(savepoint, ct);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                await tx.RollbackToSavepointAsync(savepoint, ct);
            }
            catch (Exception ex)
            {
                await tx.RollbackToSavepointAsync(savepoint, ct);
                work.Fail(ex);
                return false;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private interface ILedgerWork
    {
        Task RunAsync(LoyaltyDbContext db, CancellationToken ct);
        void Succeed();
        void Fail(Exception ex);
    }

    private sealed class LedgerWork<T>(Func<LoyaltyDbContext, CancellationToken, Task<T>> work) : ILedgerWork
    {
        private T? _result;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(LoyaltyDbContext db, CancellationToken ct) => _result = await work(db, ct);
        public void Succeed() => Completion.TrySetResult(_result!);
        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
