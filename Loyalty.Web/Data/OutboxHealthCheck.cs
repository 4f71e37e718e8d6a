using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Data;

/// <summary>The <c>Health</c> section of appsettings.json: when waiting e-mail makes the app degraded or unhealthy.</summary>
public sealed class OutboxHealthOptions
{
    public const string Section = "Health";

    /// <summary>Degraded once the oldest unsent e-mail has waited this long; 0 = never.</summary>
    public int OutboxDegradedAfterMinutes { get; set; } = 15;

    /// <summary>Unhealthy (not ready) once the oldest unsent e-mail has waited this long; 0 = never.</summary>
    public int OutboxUnhealthyAfterMinutes { get; set; } = 60;

    internal static IEnumerable<string> Validate(OutboxHealthOptions o)
    {
        if (o.OutboxDegradedAfterMinutes < 0 || o.OutboxUnhealthyAfterMinutes < 0)
            yield return "Health:OutboxDegradedAfterMinutes and Health:OutboxUnhealthyAfterMinutes must be 0 (never) or more minutes.";
    }

    internal sealed class Validator : IValidateOptions<OutboxHealthOptions>
    {
        public ValidateOptionsResult Validate(string? name, OutboxHealthOptions options)
        {
            var errors = OutboxHealthOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}

/// <summary>/health/ready: is e-mail leaving, or has the oldest unsent message waited too long?</summary>
internal sealed class OutboxHealthCheck(OutboxBacklog backlog, IOptions<OutboxHealthOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var o = options.Value;
        var snapshot = await backlog.ReadAsync(ct);
        var data = new Dictionary<string, object> { ["unsent"] = snapshot.Unsent };
        if (snapshot.OldestCreatedAt is not { } oldest) return HealthCheckResult.Healthy("No e-mail is waiting.", data);
        var waited = clock.GetUtcNow() - oldest;
        data["oldestWaitedMinutes"] = Math.Round(waited.TotalMinutes, 1);
        var message = $"{snapshot.Unsent} e-mail(s) unsent; the oldest has waited {waited.TotalMinutes:0} min.";
        if (o.OutboxUnhealthyAfterMinutes > 0 && waited >= TimeSpan.FromMinutes(o.OutboxUnhealthyAfterMinutes))
            return new HealthCheckResult(context.Registration.FailureStatus, message, data: data);
        if (o.OutboxDegradedAfterMinutes > 0 && waited >= TimeSpan.FromMinutes(o.OutboxDegradedAfterMinutes))
            return HealthCheckResult.Degraded(message, data: data);
        return HealthCheckResult.Healthy(message, data);
    }
}
