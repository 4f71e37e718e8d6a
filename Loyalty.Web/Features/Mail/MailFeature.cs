using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Features.Mail;

/// <summary>E-mail: every message, Identity's included, goes into the outbox table.</summary>
public static class MailFeature
{
    public static IServiceCollection AddMailFeature(this IServiceCollection services)
    {
        services.AddSingleton<IMailSender, OutboxMailSender>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityMailSender>();
        return services;
    }
}
