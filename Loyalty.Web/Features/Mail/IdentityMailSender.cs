using System.Text.Encodings.Web;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// The Identity e-mails (confirm, reset), worded from resources and sent through <see cref="IMailSender"/>.
/// As in the Identity template, links arrive already HTML-encoded by the page that made them.
/// </summary>
internal sealed class IdentityMailSender(IMailSender mail, IStringLocalizer<SharedResource> l) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mail.SendAsync(email, l["Mail.Confirm.Subject"],
            l["Mail.Confirm.Body", confirmationLink]);

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mail.SendAsync(email, l["Mail.Reset.Subject"], l["Mail.Reset.Body", resetLink]);

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mail.SendAsync(email, l["Mail.Reset.Subject"], l["Mail.ResetCode.Body", HtmlEncoder.Default.Encode(resetCode)]);
}
