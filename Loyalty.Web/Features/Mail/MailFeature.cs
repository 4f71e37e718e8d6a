using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// E-mail: every message, Identity's included, goes into the outbox table; with <c>Mail:Smtp:Host</c> set,
/// <c>Jobs/MailDispatcher</c> delivers it over SMTP. Admins see and retry it at /admin/mail.
/// </summary>
public static class MailFeature
{
    public static IServiceCollection AddMailFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmtpOptions.Section);
        services.AddOptions<SmtpOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptions.Validator>();
        services.AddSingleton<NewMailSignal>();
        services.AddSingleton<MailFrame>();
        services.AddSingleton<IMailSender, OutboxMailSender>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityMailSender>();
        services.AddSingleton<SmtpConnector>();
        services.AddSingleton<DeliverDueMail>();
        services.AddSingleton<GetOutbox>();
        services.AddSingleton<RetryMail>();
        if (!string.IsNullOrWhiteSpace(section[nameof(SmtpOptions.Host)]))
            // A mail relay outage is what the outbox absorbs: the app stays in service (Degraded answers 200).
            services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp", failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
                tags: [Data.DataServiceCollectionExtensions.ReadyTag]);
        return services;
    }
}
