using System.Text.Json;
using Loyalty.Web.Data;
using Loyalty.Web.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Loyalty.Web.Hosting;

/// <summary>What operators see: JSON logs outside Development, metrics at /metrics (Prometheus), /health/live and /health/ready.</summary>
public static class OperationsExtensions
{
    /// <summary>Configuration key that turns the /metrics endpoint and the collection behind it off (on by default).</summary>
    public const string MetricsEnabledKey = "Metrics:Enabled";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplicationBuilder AddLoyaltyOperations(this WebApplicationBuilder builder)
    {
        // One JSON object per line for log collectors; people reading a console in Development keep the plain format.
        if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole();
        if (!MetricsEnabled(builder.Configuration)) return builder;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(LoyaltyMetrics.MeterName)
            // The outbox backlog is observed when /metrics is scraped; it is wired here, where both sides may be seen.
            .AddInstrumentation(sp =>
            {
                var backlog = sp.GetRequiredService<OutboxBacklog>();
                var metrics = sp.GetRequiredService<LoyaltyMetrics>();
                metrics.ObserveOutboxBacklog(backlog.CountUnsent);
                if (!sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.IsSqlServer) metrics.ObserveSqliteMemory();
                return backlog;
            })
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapLoyaltyOperations(this WebApplication app)
    {
        if (MetricsEnabled(app.Configuration)) app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        // Live: the process answers (no dependency is asked, so a database outage does not get the instance restarted).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        // Ready: every check tagged "ready" (database, outbox, Redis when configured); Unhealthy answers 503.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = IsReadyCheck, ResponseWriter = WriteJsonAsync }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = IsReadyCheck }).AllowAnonymous(); // the same, as plain text
        return app;
    }

    private static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue(MetricsEnabledKey, true);

    private static bool IsReadyCheck(HealthCheckRegistration check) => check.Tags.Contains(DataServiceCollectionExtensions.ReadyTag);

    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, Json, "application/json; charset=utf-8");
    }
}
