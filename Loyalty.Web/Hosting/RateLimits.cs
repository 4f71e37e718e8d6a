using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Loyalty.Web.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hosting;

/// <summary>
/// Requests a minute allowed before 429 (configuration section <c>RateLimits</c>). Per client address for the Identity forms' POSTs and the
/// public live pages; per account (the posted e-mail, normalized) too for sign-in and password reset, so many addresses cannot hammer one account,
/// and per signed-in user for "Download my data".
/// The API has its own per-key limits (ApiKeyRateLimiter).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off only in tests that are not about rate limits (they sign in many times from one in-process address).</summary>
    public bool Enabled { get; set; } = true;
    public int SignInPerMinute { get; set; } = 10;
    public int SignInPerAccountPerMinute { get; set; } = 5;
    public int RegistrationPerMinute { get; set; } = 5;
    public int PasswordResetPerMinute { get; set; } = 5;
    public int PasswordResetPerAccountPerMinute { get; set; } = 3;
    public int LivePerMinute { get; set; } = 60;

    /// <summary>"Download my data" (a ZIP of the whole history) per signed-in user: plenty for a person, and no lever for load.</summary>
    public int DataExportPerMinute { get; set; } = 1;
}

/// <summary>
/// The built-in rate limiter (Microsoft.AspNetCore.RateLimiting) as one global limiter that picks its rule from the request, so it runs before
/// any page: a refused sign-in never reaches <c>PasswordSignInAsync</c> and never counts a failed attempt towards Identity's lockout.
/// </summary>
public static class RateLimits
{
    private const string AccountItem = "RateLimits.Account";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in forms: the password one and the second-factor ones (their POSTs carry no e-mail, so per address only).</summary>
    private static readonly string[] SignInPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];
    private static readonly string[] RegistrationPaths = ["/Account/Register", "/Account/ResendEmailConfirmation"];
    private const string PasswordResetPath = "/Account/ForgotPassword";
    private const string DataExportPath = "/Account/Manage/DownloadPersonalData";

    public static IServiceCollection AddLoyaltyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => ByAddress(http, OptionsOf(http))),
                PartitionedRateLimiter.Create<HttpContext, string>(http => ByAccount(http, OptionsOf(http))));
            o.OnRejected = RefuseAsync;
        });
        return services;
    }

    public static WebApplication UseLoyaltyRateLimits(this WebApplication app)
    {
        // The limiter's partitioning is synchronous: read the posted e-mail first (the form is buffered, so the page reads it again).
        app.Use(async (http, next) =>
        {
            if (OptionsOf(http).Enabled && HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
                && (http.Request.Path.Equals("/Account/Login", StringComparison.OrdinalIgnoreCase)
                    || http.Request.Path.Equals(PasswordResetPath, StringComparison.OrdinalIgnoreCase)))
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                var email = form["Input.Email"].ToString();
                if (!string.IsNullOrWhiteSpace(email)) http.Items[AccountItem] = NormalizeAccount(email);
            }
            await next(http);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Read per request, not at registration: the options are bound once the whole configuration is there.</summary>
    private static RateLimitOptions OptionsOf(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    /// <summary>The same account however it is typed: trimmed, case-insensitive (as Identity's normalizer compares e-mails).</summary>
    public static string NormalizeAccount(string email) => email.Trim().ToUpperInvariant();

    private static RateLimitPartition<string> ByAddress(HttpContext http, RateLimitOptions options)
    {
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("");
        var address = AddressOf(http.Connection.RemoteIpAddress);
        var path = http.Request.Path;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (SignInPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
                return FixedWindow("sign-in|" + address, options.SignInPerMinute);
            if (RegistrationPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase)))
                return FixedWindow("registration|" + address, options.RegistrationPerMinute);
            if (path.Equals(PasswordResetPath, StringComparison.OrdinalIgnoreCase))
                return FixedWindow("password-reset|" + address, options.PasswordResetPerMinute);
        }
        else if (HttpMethods.IsGet(http.Request.Method) && IsLivePage(path))
            return FixedWindow("live|" + address, options.LivePerMinute);
        return RateLimitPartition.GetNoLimiter("");
    }

    private static RateLimitPartition<string> ByAccount(HttpContext http, RateLimitOptions options)
    {
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter("");
        // Authentication has run (the limiter comes after it): the user, not the address, is what a download costs.
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(DataExportPath, StringComparison.OrdinalIgnoreCase)
            && http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } userId)
            return FixedWindow("data-export|" + userId, options.DataExportPerMinute);
        if (http.Items[AccountItem] is not string account) return RateLimitPartition.GetNoLimiter("");
        return http.Request.Path.Equals(PasswordResetPath, StringComparison.OrdinalIgnoreCase)
            ? FixedWindow("password-reset-account|" + account, options.PasswordResetPerAccountPerMinute)
            : FixedWindow("sign-in-account|" + account, options.SignInPerAccountPerMinute);
    }

    /// <summary>/live and /live/{id}, not the hub (/live/hub has its own caps) nor its client script.</summary>
    private static bool IsLivePage(PathString path)
    {
        if (path.Equals("/live", StringComparison.OrdinalIgnoreCase)) return true;
        if (!path.StartsWithSegments("/live", StringComparison.OrdinalIgnoreCase, out var rest)) return false;
        var id = rest.Value!.TrimStart('/');
        return id.Length > 0 && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>IPv6 clients are grouped by /64, as one host usually holds the whole prefix.</summary>
    private static string AddressOf(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitPartition<string> FixedWindow(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>429 with Retry-After, and a page in the visitor's language rather than an empty answer.</summary>
    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await new RazorComponentResult<TooManyRequestsPage>(new { RetryAfterSeconds = seconds })
        {
            StatusCode = StatusCodes.Status429TooManyRequests,
        }.ExecuteAsync(http);
    }
}
