using System.Threading.Channels;

namespace Loyalty.Web.Features.Mail;

/// <summary>Wakes this instance's mail dispatcher when a message is queued, so it need not wait for its next poll.</summary>
public sealed class NewMailSignal(TimeProvider clock)
{
    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Ring() => _bell.Writer.TryWrite(true);

    /// <summary>Returns when rung (or rung since the last wait) or after <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _bell.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the timeout: time to poll
        }
    }
}
