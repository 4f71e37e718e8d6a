using Loyalty.Web.Features.Notifications;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// Keeps a member's page current without a reload: each signal of <c>kind</c> about the member (their points moved, their
/// notifications changed) starts a re-read through <c>reload</c> on the component's dispatcher after <see cref="Debounce"/> (a
/// burst of signals is one re-read), and re-reads never overlap (a signal during one makes exactly one more).
/// </summary>
public sealed class MemberSignalRefresh(MemberSignalKind kind, Func<Func<Task>, Task> invoke, Func<Task> reload, ILogger logger) : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _scheduled, _again, _disposed;

    /// <summary>
    /// Subscribes; pages call it after an await, when the circuit may already be gone: after <see cref="Dispose"/> it subscribes
    /// nothing (or gives the subscription back at once), so no handler outlives its page.
    /// </summary>
    public void Watch(IMemberSignals signals, long memberId)
    {
        lock (_gate)
            if (_disposed) return;
        var subscription = signals.Subscribe(memberId, OnSignal);
        lock (_gate)
        {
            if (!_disposed)
            {
                _subscription = subscription;
                return;
            }
        }
        subscription.Dispose(); // disposed while subscribing
    }

    private void OnSignal(MemberSignal signal)
    {
        if (signal.Kind != kind) return;
        lock (_gate)
        {
            if (_disposed) return;
            if (_scheduled)
            {
                _again = true;
                return;
            }
            _scheduled = true;
        }
        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            await Task.Delay(Debounce);
            lock (_gate)
            {
                if (_disposed) return;
                _again = false;
            }
            try
            {
                await invoke(reload);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Re-reading a member's page after a {Kind} signal failed; the next one tries again.", kind);
            }
            lock (_gate)
            {
                if (!_again || _disposed)
                {
                    _scheduled = false;
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        IDisposable? subscription;
        lock (_gate)
        {
            _disposed = true;
            subscription = _subscription;
            _subscription = null;
        }
        subscription?.Dispose();
    }
}
