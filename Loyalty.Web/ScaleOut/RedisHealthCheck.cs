using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.ScaleOut;

/// <summary>
/// /health/ready when <c>SignalR:Redis</c> is set: without Redis, this instance's spectators miss other instances' scores, but
/// it still serves (registered as Degraded, which keeps the instance ready; see <see cref="RedisScaleOut"/>).
/// </summary>
internal sealed class RedisHealthCheck(RedisScoreBus bus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        // Disconnected: say so at once rather than after a ping's timeout.
        if (!bus.IsConnected) return new HealthCheckResult(context.Registration.FailureStatus, "Redis unreachable: other instances' scores wait until it is back.");
        try
        {
            var roundTrip = await bus.PingAsync().WaitAsync(ct);
            return HealthCheckResult.Healthy($"Redis answered in {roundTrip.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis unreachable.", ex);
        }
    }
}
