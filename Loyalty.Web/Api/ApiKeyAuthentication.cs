using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Api;

/// <summary>Authenticates integration calls by the key in <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, ApiKeyRateLimiter rate,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string PartnerClaim = "partner";
    public const string DailyCapClaim = "daily-points-cap";
    private const string RefusalItem = "apikey.refusal";
    private const string RetryAfterItem = "apikey.retry-after";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Request.Headers[Header];
        if (string.IsNullOrEmpty(presented) && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            presented = auth["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(presented)) return AuthenticateResult.NoResult();
        if (ApiKey.Parse(presented) is not { } parts) return AuthenticateResult.Fail("The API key is malformed.");
        var key = await keys.FindAsync(parts.Lookup, Context.RequestAborted);
        if (key is null || !key.Matches(parts.Secret)) return AuthenticateResult.Fail("The API key is not valid.");
        if (key.RevokedAt is { } revoked)
            return Refuse("apikey.revoked", $"The API key was revoked on {revoked:yyyy-MM-dd HH:mm} UTC; ask an admin for a new one.");
        if (key.ExpiresAt is { } expires && key.IsExpired(clock.GetUtcNow()))
            return Refuse("apikey.expired", $"The API key expired on {expires:yyyy-MM-dd HH:mm} UTC; ask an admin for a new one.");
        if (!IpAllowList.Allows(key, Context.Connection.RemoteIpAddress))
            return Refuse("apikey.ip-not-allowed", $"This API key does not accept calls from {Context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}; " +
                                                   "an admin can add the address to the key's allow-list.");
        await keys.RecordUseAsync(key);
        if (rate.TryAcquire(key.Id) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Context.Items[RetryAfterItem] = seconds;
            return Refuse("apikey.rate-limited", $"This API key made too many calls; try again in {seconds} s (Retry-After).");
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id.ToString()), new(ClaimTypes.Name, key.Name) };
        if (key.PartnerId is { } partnerId) claims.Add(new Claim(PartnerClaim, partnerId.ToString(CultureInfo.InvariantCulture)));
        if (key.DailyPointsCap is { } cap) claims.Add(new Claim(DailyCapClaim, cap.ToString(CultureInfo.InvariantCulture)));
        claims.AddRange(Enum.GetValues<ApiScopes>().Where(s => s is not (ApiScopes.None or ApiScopes.All) && key.GrantedScopes.HasFlag(s))
            .Select(s => new Claim(ScopeClaim, s.ToString().ToLowerInvariant())));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <summary>The key an authenticated call came with, and whose it is.</summary>
    public static ApiCaller Caller(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), user.Identity?.Name ?? "",
        user.FindFirstValue(PartnerClaim) is { } partner ? int.Parse(partner, CultureInfo.InvariantCulture) : null,
        user.FindFirstValue(DailyCapClaim) is { } cap ? long.Parse(cap, CultureInfo.InvariantCulture) : null);

    /// <summary>A real key refused for its state or the caller's address: the answer carries a stable code.</summary>
    private AuthenticateResult Refuse(string code, string message)
    {
        Context.Items[RefusalItem] = code;
        return AuthenticateResult.Fail(message);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var code = Context.Items[RefusalItem] as string;
        // A valid key from an address it does not accept is not "who are you" but "not from there": 403.
        var status = code switch
        {
            "apikey.ip-not-allowed" => StatusCodes.Status403Forbidden,
            "apikey.rate-limited" => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status401Unauthorized,
        };
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        if (Context.Items[RetryAfterItem] is int seconds) Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: status, title: status switch { 403 => "Forbidden", 429 => "Too many requests", _ => "Unauthorized" },
            detail: result.Failure?.Message ?? $"Send an API key in the {Header} header.",
            extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: "This API key does not have the scope this endpoint needs; ask an admin for a key with it.").ExecuteAsync(Context);
    }
}
