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
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string PartnerClaim = "partner";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = Request.Headers[Header];
        if (string.IsNullOrEmpty(presented) && Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal))
            presented = auth["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(presented)) return AuthenticateResult.NoResult();
        if (ApiKey.Parse(presented) is not { } parts) return AuthenticateResult.Fail("The API key is malformed.");
        var key = await keys.FindAsync(parts.Lookup, Context.RequestAborted);
        if (key is null || !key.Matches(parts.Secret)) return AuthenticateResult.Fail("The API key is not valid.");
        if (!key.IsActive) return AuthenticateResult.Fail("The API key was revoked.");

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id.ToString()), new(ClaimTypes.Name, key.Name) };
        if (key.PartnerId is { } partnerId) claims.Add(new Claim(PartnerClaim, partnerId.ToString(CultureInfo.InvariantCulture)));
        claims.AddRange(Enum.GetValues<ApiScopes>().Where(s => s is not (ApiScopes.None or ApiScopes.All) && key.Scopes.HasFlag(s))
            .Select(s => new Claim(ScopeClaim, s.ToString().ToLowerInvariant())));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <summary>The key an authenticated call came with, and whose it is.</summary>
    public static ApiCaller Caller(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), user.Identity?.Name ?? "",
        user.FindFirstValue(PartnerClaim) is { } partner ? int.Parse(partner, CultureInfo.InvariantCulture) : null);

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: result.Failure?.Message ?? $"Send an API key in the {Header} header.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: "This API key does not have the scope this endpoint needs; ask an admin for a key with it.").ExecuteAsync(Context);
    }
}
