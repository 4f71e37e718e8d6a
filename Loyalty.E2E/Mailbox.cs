using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Tests.Integration.Mail;
using MimeKit;

namespace Loyalty.E2E;

/// <summary>Reads what the app delivered to the SMTP server: one person's mail and the links in it.</summary>
public sealed partial class Mailbox(SmtpTestServer smtp)
{
    /// <summary>Waits for the next mail to an address whose subject contains a word, up to 30 s (the dispatcher polls).</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string subjectContains)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var mail = smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to) &&
                                                         (m.Subject ?? "").Contains(subjectContains, StringComparison.OrdinalIgnoreCase));
            if (mail is not null) return mail;
            await Task.Delay(200);
        }
        throw new TimeoutException($"No mail to {to} about \"{subjectContains}\" arrived; received: " +
                                   string.Join("; ", smtp.Received.Select(m => $"{m.To} {m.Subject}")));
    }

    public int CountTo(string to) => smtp.Received.Count(m => m.To.Mailboxes.Any(a => a.Address == to));

    /// <summary>The link in the mail's HTML body to a path of the app, e.g. "/Account/ConfirmEmail".</summary>
    public static string Link(MimeMessage mail, string path)
    {
        foreach (Match match in Href().Matches(mail.HtmlBody ?? ""))
        {
            var link = WebUtility.HtmlDecode(match.Groups[1].Value);
            if (new Uri(link).AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase)) return link;
        }
        throw new InvalidOperationException($"The mail \"{mail.Subject}\" has no link to {path}:\n{mail.HtmlBody}");
    }

    /// <summary>The first link in an HTML body whose path matches (mail read from the outbox table rather than SMTP).</summary>
    public static string LinkFromHtml(string html, Func<string, bool> path)
    {
        foreach (Match match in Href().Matches(html))
        {
            var link = WebUtility.HtmlDecode(match.Groups[1].Value);
            if (path(new Uri(link).AbsolutePath)) return link;
        }
        throw new InvalidOperationException($"No such link in:\n{html}");
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
