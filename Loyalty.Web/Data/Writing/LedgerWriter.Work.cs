namespace Loyalty.Web.Data.Writing;

/// <summary>The writer's queued work: a single change, or an item its handler may apply in a group with like items.</summary>
public sealed partial class LedgerWriter
{
    private interface ILedgerWork
    {
        /// <summary>Works with the same key can run as one group; null for works that always run alone.</summary>
        object? GroupKey { get; }

        Task RunGroupAsync(LoyaltyDbContext db, IReadOnlyList<ILedgerWork> group, CancellationToken ct);

        /// <summary>After the commit: hand the caller its result (or its refusal).</summary>
        void Complete();

        void Fail(Exception ex);
    }

    private sealed class SingleWork<T>(Func<LoyaltyDbContext, CancellationToken, Task<T>> work) : ILedgerWork
    {
        private T? _result;
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public object? GroupKey => null;

        public async Task RunGroupAsync(LoyaltyDbContext db, IReadOnlyList<ILedgerWork> group, CancellationToken ct) => _result = await work(db, ct);
        public void Complete() => Completion.TrySetResult(_result!);
        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }

    private sealed class BatchedWork<TItem, TResult>(ILedgerBatchHandler<TItem, TResult> handler, TItem item) : ILedgerWork
    {
        private LedgerOutcome<TResult> _outcome;
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public object? GroupKey => handler;

        public async Task RunGroupAsync(LoyaltyDbContext db, IReadOnlyList<ILedgerWork> group, CancellationToken ct)
        {
            var works = group.Cast<BatchedWork<TItem, TResult>>().ToList();
            var outcomes = await handler.RunAsync(db, works.Select(w => w.Item).ToList(), ct);
            for (var i = 0; i < works.Count; i++) works[i]._outcome = outcomes[i];
        }

        private TItem Item { get; } = item;

        public void Complete()
        {
            if (_outcome.Error is { } error) Completion.TrySetException(error);
            else Completion.TrySetResult(_outcome.Result!);
        }

        public void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
