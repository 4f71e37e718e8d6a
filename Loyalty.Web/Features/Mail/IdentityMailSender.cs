using System.Net;
using System.Text.Encodings.Web;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// The Identity e-mails (confirm, reset), worded from resources with the program's name and sent through
/// <see cref="IMailSender"/>. As in the Identity template, links arrive already HTML-encoded by the page that made them.
/// </summary>
internal sealed class IdentityMailSender(IMailSender mail, ProgramBrandCache brand, IStringLocalizer<SharedResource> l) : IEmailSender<ApplicationUser>
{
    public async Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink)
    {
        var program = await ProgramNameAsync();
        await mail.SendAsync(email, l["Mail.Confirm.Subject", program], l["Mail.Confirm.Body", confirmationLink, WebUtility.HtmlEncode(program)]);
    }

    public async Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink)
    {
        var program = await ProgramNameAsync();
        await mail.SendAsync(email, l["Mail.Reset.Subject", program], l["Mail.Reset.Body", resetLink, WebUtility.HtmlEncode(program)]);
    }

    public async Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode)
    {
        var program = await ProgramNameAsync();
        await mail.SendAsync(email, l["Mail.Reset.Subject", program], l["Mail.ResetCode.Body", HtmlEncoder.Default.Encode(resetCode), WebUtility.HtmlEncode(program)]);
    }

    /// <summary>The program's name in the language the mail is written in.</summary>
    private async Task<string> ProgramNameAsync() => (await brand.GetAsync()).Name;
}
