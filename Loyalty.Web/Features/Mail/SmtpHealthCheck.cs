using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Loyalty.Web.Features.Mail;

/// <summary>Ready check (tag "ready"), registered only when SMTP is configured: the server answers, takes our login and a NOOP.</summary>
internal sealed class SmtpHealthCheck(SmtpConnector smtp) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var where = $"{smtp.Options.Host}:{smtp.Options.Port}";
        try
        {
            var client = await smtp.ConnectAsync(Timeout, ct);
            try
            {
                await client.NoOpAsync(ct);
            }
            finally
            {
                await SmtpConnector.CloseAsync(client);
            }
            return HealthCheckResult.Healthy($"SMTP server {where} answers.");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"SMTP server {where} does not answer: {ex.Message}", ex);
        }
    }
}
