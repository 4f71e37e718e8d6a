using System.Globalization;
using System.Net;
using Loyalty.Web.Features.Programs;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// Puts every e-mail in the program's letterhead: its logo (an absolute link on the public base URL; none without one)
/// and name, in the program's colour, in the language the mail is written in. The text part starts with the name.
/// </summary>
public sealed class MailFrame(ProgramBrandCache brands, PublicUrls urls)
{
    public async Task<(string Html, string Text)> WrapAsync(string htmlBody, string textBody, CancellationToken ct = default)
    {
        var brand = await brands.GetAsync(ct: ct);
        var name = WebUtility.HtmlEncode(brand.Name);
        var logo = brand.LogoPath is { } path && urls.Absolute(path) is { } url
            ? $"<img src=\"{WebUtility.HtmlEncode(url)}\" alt=\"\" height=\"40\" style=\"height:40px;vertical-align:middle;margin-inline-end:12px\">"
            : "";
        var direction = CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft ? "rtl" : "ltr";
        var html =
            $"<div dir=\"{direction}\" style=\"font-family:system-ui,'Segoe UI',Tahoma,Arial,sans-serif;max-width:600px;margin:0 auto\">" +
            $"<div style=\"padding:16px 0;border-bottom:3px solid {brand.PrimaryColor ?? "#5B3CC4"}\">{logo}" +
            $"<strong style=\"font-size:20px;vertical-align:middle\">{name}</strong></div>" +
            $"<div style=\"padding:16px 0\">{htmlBody}</div></div>";
        return (html, $"{brand.Name}\n\n{textBody}");
    }
}
