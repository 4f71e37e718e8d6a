using System.Globalization;

namespace Loyalty.Web.Features.Mail;

/// <summary>
/// A mail written in its reader's language, not the sender's: the current culture (words, numbers, dates) is theirs until
/// the scope is disposed. For mail composed outside the reader's own request (jobs, an admin's action).
/// </summary>
public sealed class MailCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private MailCulture(CultureInfo culture) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;

    /// <param name="language">The reader's saved language; when it is none the portal ships, <paramref name="fallback"/> (the program's default).</param>
    public static MailCulture Use(string? language, string fallback) => new(Languages.CultureFor(language, fallback));

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
