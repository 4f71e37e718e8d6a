using System.Net;
using System.Text.RegularExpressions;

namespace Loyalty.Web.Features.Mail;

/// <summary>The plain-text part of a mail whose caller wrote only HTML: links keep their address, paragraphs their breaks.</summary>
public static partial class MailText
{
    public static string FromHtml(string html)
    {
        var text = Link().Replace(html, m =>
        {
            var label = Tag().Replace(m.Groups["label"].Value, "");
            var href = m.Groups["href"].Value;
            return WebUtility.HtmlDecode(label).Trim() == WebUtility.HtmlDecode(href) ? href : $"{label} ({href})";
        });
        text = Break().Replace(text, "\n");
        text = BlockEnd().Replace(text, "\n\n");
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        text = Spaces().Replace(text, " ");
        text = string.Join('\n', text.Split('\n').Select(line => line.Trim()));
        return ManyBlankLines().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex("""<a\b[^>]*\bhref\s*=\s*["'](?<href>[^"']*)["'][^>]*>(?<label>.*?)</a\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Link();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex Break();

    [GeneratedRegex(@"</(p|div|h[1-6]|li|tr|table|ul|ol)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ManyBlankLines();
}
