using Loyalty.Domain.Referrals;

namespace Loyalty.Web.Hosting;

/// <summary>A member's shared link <c>/join/{code}</c>: keeps the code (query and cookie) on the way to registration.</summary>
public static class ReferralEndpoints
{
    /// <summary>Holds the code while the visitor looks around before registering.</summary>
    public const string Cookie = "loyalty-referral";

    public static IEndpointRouteBuilder MapReferralLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/join/{code}", (string code, HttpContext http) =>
        {
            if (ReferralCode.Normalize(code) is not { } normalized) return Results.LocalRedirect("/Account/Register");
            http.Response.Cookies.Append(Cookie, normalized, new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddDays(30), HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps,
            });
            return Results.LocalRedirect($"/Account/Register?ref={normalized}");
        }).AllowAnonymous();
        return app;
    }
}
