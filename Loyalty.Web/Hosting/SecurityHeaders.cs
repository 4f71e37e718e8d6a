using System.Net;
using System.Security.Cryptography;
using Loyalty.Web.Features;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hosting;

/// <summary>The <c>Security</c> section of appsettings.json.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Who may frame the public live leaderboards (/live, /live/{id}): "*" (the default) lets partners put a board on their
    /// own sites; a space-separated source list (e.g. "'self' https://shop.example.com") narrows it. Every other page is 'self'.
    /// </summary>
    public string LiveFrameAncestors { get; set; } = "*";
}

/// <summary>
/// Response headers every answer carries (CSP with a per-request script nonce, nosniff, referrer and permissions policies),
/// forwarded headers from configured proxies only, and cookies marked Secure where the portal is served over https.
/// </summary>
public static class SecurityHeaders
{
    public const string ForwardedHeadersSection = "ForwardedHeaders";
    private const string NonceKey = "loyalty.csp-nonce";

    public static IServiceCollection AddLoyaltySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.Configure<ForwardedHeadersOptions>(o => ConfigureForwardedHeaders(o, configuration.GetSection(ForwardedHeadersSection)));
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SecureCookies>();
        // The antiforgery cookie's default is never Secure; it follows the request (see SecureCookies for why not Always).
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: the scheme and client address from a trusted proxy, then the headers on every response.</summary>
    public static WebApplication UseLoyaltySecurityHeaders(this WebApplication app)
    {
        var forwarding = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // With no proxy configured the middleware would believe anyone's X-Forwarded-*: then it is left out, nothing is trusted.
        if (forwarding.KnownProxies.Count > 0 || forwarding.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()";
                headers.ContentSecurityPolicy = PolicyFor(http.Request.Path, NonceOf(http), options);
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    /// <summary>The request's script nonce: the one inline script (the import map) carries it; made once per request.</summary>
    public static string NonceOf(HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce) return nonce;
        // Base64url (CSP allows '-' and '_'): a '+' or '/' would be HTML-encoded in the attribute (&#x2B;), so the markup
        // would not read the same as the header, though browsers decode it.
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        http.Items[NonceKey] = nonce;
        return nonce;
    }

    internal static string PolicyFor(PathString path, string nonce, SecurityOptions options)
    {
        // An uploaded picture opened on its own is a document of ours: nothing in it may run or load.
        if (path.StartsWithSegments("/media")) return "default-src 'none'; img-src 'self'; sandbox";
        var frameAncestors = path.StartsWithSegments("/live") ? options.LiveFrameAncestors : "'self'";
        return string.Join("; ",
            "default-src 'self'",
            // Scripts: our own files, and inline only with this response's nonce (the import map). Blazor Server needs no eval.
            $"script-src 'self' 'nonce-{nonce}'",
            // Styles need 'unsafe-inline': MudBlazor writes style attributes and MudThemeProvider a <style> element of theme
            // variables, both rendered over the circuit, where no nonce can be put on them. Styles cannot run script.
            "style-src 'self' 'unsafe-inline'",
            // data: for the QR codes (QrImage renders a data: URL) and MudBlazor's inline SVG backgrounds.
            "img-src 'self' data:",
            "font-src 'self'",
            // 'self' covers the circuit's and the leaderboard hub's WebSocket on the same host (ws:/wss:, CSP level 3).
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            $"frame-ancestors {frameAncestors}");
    }

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions o, IConfigurationSection section)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.ForwardLimit = 1;
        // The framework trusts loopback by default; here only what is configured is trusted (nothing by default).
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var proxy in Entries(section.GetSection("KnownProxies")))
            o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var ip) ? ip
                : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownProxies has '{proxy}', which is not an IP address."));
        foreach (var network in Entries(section.GetSection("KnownNetworks")))
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed) ? parsed
                : throw new InvalidOperationException($"{ForwardedHeadersSection}:KnownNetworks has '{network}', which is not a network such as 10.0.0.0/8."));
    }

    /// <summary>A list setting given as entries (<c>KnownProxies:0</c>, <c>:1</c>…) or as one comma-separated value.</summary>
    private static IEnumerable<string> Entries(IConfigurationSection section) =>
        section.Value is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "").Where(v => v.Trim().Length > 0);

    /// <summary>
    /// Sign-in and two-factor cookies are Secure outside Development when the public base URL is https (the portal's real
    /// address), even on a request that reached the app over plain http; in Development, and on a deliberately plain-http
    /// install, they follow the request. The antiforgery cookie always follows the request (it is Secure on every https request,
    /// behind a configured TLS proxy too): with Always, antiforgery throws on any plain-http page request, a 500 for a visitor.
    /// </summary>
    private sealed class SecureCookies(IHostEnvironment environment, IOptions<AppOptions> app) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options) =>
            options.Cookie.SecurePolicy = !environment.IsDevelopment() && app.Value.PublicBase?.Scheme == Uri.UriSchemeHttps
                ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    }
}
