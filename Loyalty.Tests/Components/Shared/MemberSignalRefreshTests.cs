using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Components.Shared;

/// <summary>How a member's page re-reads when told their points moved or notifications changed: debounced, never overlapping, only for its kind.</summary>
public sealed class MemberSignalRefreshTests
{
    private const long Member = 7;
    private readonly LocalMemberSignals _signals = new(NullLogger<LocalMemberSignals>.Instance);

    private static async Task UntilAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "not within 5 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private void Signal(MemberSignalKind kind = MemberSignalKind.LedgerChanged) => _signals.Publish(new MemberSignal(Member, kind));

    [Fact]
    public async Task A_burst_of_signals_is_one_reread()
    {
        var rereads = 0;
        using var refresh = new MemberSignalRefresh(MemberSignalKind.LedgerChanged, work => work(), () => { Interlocked.Increment(ref rereads); return Task.CompletedTask; },
            NullLogger.Instance);
        refresh.Watch(_signals, Member);

        for (var i = 0; i < 5; i++) Signal();

        await UntilAsync(() => Volatile.Read(ref rereads) == 1);
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref rereads));
    }

    [Fact]
    public async Task Signals_during_a_reread_make_exactly_one_more_and_rereads_never_overlap()
    {
        var (rereads, running, mostAtOnce) = (0, 0, 0);
        var firstMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var refresh = new MemberSignalRefresh(MemberSignalKind.LedgerChanged, work => work(), async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            if (Interlocked.Increment(ref rereads) == 1) await firstMayFinish.Task;
            Interlocked.Decrement(ref running);
        }, NullLogger.Instance);
        refresh.Watch(_signals, Member);

        Signal();
        await UntilAsync(() => Volatile.Read(ref rereads) == 1);
        for (var i = 0; i < 3; i++) Signal();
        await Task.Delay(MemberSignalRefresh.Debounce * 2, TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref rereads)); // the first is still running: nothing started beside it
        firstMayFinish.SetResult();

        await UntilAsync(() => Volatile.Read(ref rereads) == 2);
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal((2, 1), (Volatile.Read(ref rereads), mostAtOnce));
    }

    [Fact]
    public async Task Only_ledger_changes_of_the_watched_member_make_a_reread_and_none_after_dispose()
    {
        var rereads = 0;
        var refresh = new MemberSignalRefresh(MemberSignalKind.LedgerChanged, work => work(), () => { Interlocked.Increment(ref rereads); return Task.CompletedTask; },
            NullLogger.Instance);
        refresh.Watch(_signals, Member);

        Signal(MemberSignalKind.NotificationsChanged);
        _signals.Publish(new MemberSignal(Member + 1, MemberSignalKind.LedgerChanged));
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref rereads));

        Signal();
        refresh.Dispose();
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref rereads));
    }

    [Fact]
    public async Task A_notifications_watcher_such_as_the_bell_rereads_once_for_a_burst_of_notifications_and_ignores_ledger_changes()
    {
        var rereads = 0;
        using var refresh = new MemberSignalRefresh(MemberSignalKind.NotificationsChanged, work => work(),
            () => { Interlocked.Increment(ref rereads); return Task.CompletedTask; }, NullLogger.Instance);
        refresh.Watch(_signals, Member);

        Signal(MemberSignalKind.LedgerChanged);
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(0, Volatile.Read(ref rereads));
        for (var i = 0; i < 10; i++) Signal(MemberSignalKind.NotificationsChanged);

        await UntilAsync(() => Volatile.Read(ref rereads) == 1);
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref rereads));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }

    [Fact]
    public async Task A_page_gone_before_it_watches_leaves_no_subscription_behind()
    {
        var rereads = 0;
        var refresh = new MemberSignalRefresh(MemberSignalKind.LedgerChanged, work => work(), () => { Interlocked.Increment(ref rereads); return Task.CompletedTask; },
            NullLogger.Instance);
        refresh.Dispose(); // the circuit closed while the page awaited its member id
        refresh.Watch(_signals, Member);

        // Nothing of the gone page is kept: a new watcher is the member's only subscriber and is told once.
        var told = 0;
        using var other = _signals.Subscribe(Member, _ => Interlocked.Increment(ref told));
        Signal();
        await Task.Delay(MemberSignalRefresh.Debounce * 3, TestContext.Current.CancellationToken);
        Assert.Equal(1, Volatile.Read(ref told));
        Assert.Equal(0, Volatile.Read(ref rereads));
        Assert.Equal(1, _signals.SubscriberCount(Member));
    }
}
