namespace Loyalty.Web.Features.Notifications;

/// <summary>What changed for one member, told to every open page of theirs (every tab, every instance).</summary>
public enum MemberSignalKind
{
    /// <summary>Points moved: a ledger entry was committed (balance, activity, tier may have changed).</summary>
    LedgerChanged,
    /// <summary>A notification was added or read: the bell's count and the inbox change.</summary>
    NotificationsChanged,
}

public readonly record struct MemberSignal(long MemberId, MemberSignalKind Kind);

/// <summary>
/// Carries committed changes of a member to the pages that show them (the dashboard, activity, the bell). Publish only
/// after the change has committed; handlers run on the publisher's thread and must only hand the signal on (e.g. to a
/// component's <c>InvokeAsync</c>), never block.
/// </summary>
public interface IMemberSignals
{
    void Publish(MemberSignal signal);

    /// <summary>Calls <paramref name="handler"/> for each signal about <paramref name="memberId"/> until disposed.</summary>
    IDisposable Subscribe(long memberId, Action<MemberSignal> handler);
}

/// <summary>One app instance: signals go straight to this instance's subscribers.</summary>
public sealed class LocalMemberSignals(ILogger<LocalMemberSignals> logger) : IMemberSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<Action<MemberSignal>>> _handlers = [];

    public void Publish(MemberSignal signal) => Deliver(signal);

    /// <summary>Tells this instance's subscribers (a scale-out bus calls it for signals from other instances too).</summary>
    public void Deliver(MemberSignal signal)
    {
        Action<MemberSignal>[] handlers;
        lock (_gate)
        {
            if (!_handlers.TryGetValue(signal.MemberId, out var list)) return;
            handlers = [.. list];
        }
        foreach (var handler in handlers)
        {
            try
            {
                handler(signal);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page's handler of a member signal failed.");
            }
        }
    }

    /// <summary>How many handlers listen for a member on this instance (for tests and diagnostics).</summary>
    public int SubscriberCount(long memberId)
    {
        lock (_gate) return _handlers.TryGetValue(memberId, out var list) ? list.Count : 0;
    }

    public IDisposable Subscribe(long memberId, Action<MemberSignal> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(memberId, out var list)) _handlers[memberId] = list = [];
            list.Add(handler);
        }
        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (!_handlers.TryGetValue(memberId, out var list)) return;
                list.Remove(handler);
                if (list.Count == 0) _handlers.Remove(memberId);
            }
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
