using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.ScaleOut;

/// <summary>/health/ready when <c>SignalR:Redis</c> is set: without Redis, this instance's spectators miss other instances' scores.</summary>
internal sealed class RedisHealthCheck(RedisScoreBus bus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
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
