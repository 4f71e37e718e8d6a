namespace Loyalty.Web.Features;

/// <summary>The <c>App</c> section of appsettings.json.</summary>
public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>
    /// Where members reach the portal (e.g. https://rewards.example.com/): every link the app sends is built from it, never
    /// from a request's Host header. Required outside Development.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// The language of a visitor whose browser asks for none the portal ships, and of e-mails to a member who never picked
    /// one: one of <see cref="Languages.All"/>.
    /// </summary>
    public string DefaultLanguage { get; set; } = Languages.English;

    /// <summary>The public base URL as an absolute http(s) URL ending in '/', or null when it is not set or not such a URL.</summary>
    public Uri? PublicBase =>
        Uri.TryCreate((PublicBaseUrl ?? "").Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}

/// <summary>Absolute links for e-mails: on the configured public base URL (in Development without one, on the current request's).</summary>
public sealed class PublicUrls(Microsoft.Extensions.Options.IOptions<AppOptions> options)
{
    /// <param name="relative">A path inside the app, e.g. "Account/ConfirmEmail".</param>
    /// <param name="currentBase">The base of the request being served; used only when no public base URL is configured.</param>
    public string Absolute(string relative, string currentBase) =>
        new Uri(options.Value.PublicBase ?? new Uri(currentBase), relative.TrimStart('/')).AbsoluteUri;

    /// <summary>The same where no request is at hand (a picture in an e-mail): null without a configured public base URL.</summary>
    public string? Absolute(string relative) =>
        options.Value.PublicBase is { } publicBase ? new Uri(publicBase, relative.TrimStart('/')).AbsoluteUri : null;
}
