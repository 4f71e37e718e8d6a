using System.Security.Claims;
using Loyalty.Web.Data;
using Loyalty.Web.Features;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Hosting;

/// <summary>
/// A member who signs in reads the portal in the language saved on their profile (the picker saves it; registration keeps
/// the language they signed up in): the sign-in puts it in the culture cookie, which the request localization reads first.
/// Staff and partners, who have no saved language, keep their cookie or their browser's language.
/// </summary>
internal sealed class MemberLanguageOnSignIn : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name != IdentityConstants.ApplicationScheme) return;
        var before = options.Events.OnSignedIn;
        options.Events.OnSignedIn = async context =>
        {
            await before(context);
            if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId) return;
            var http = context.HttpContext;
            await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync(http.RequestAborted);
            var saved = await db.Members.Where(m => m.UserId == userId)
                .Join(db.MemberLanguages, m => m.Id, l => l.MemberId, (m, l) => l.Culture)
                .FirstOrDefaultAsync(http.RequestAborted);
            if (!Languages.IsSupported(saved)) return;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(saved!)), CultureCookie.Options(http));
        };
    }
}

/// <summary>The culture cookie as the picker's link and the sign-in write it: a year, essential, same-site lax.</summary>
internal static class CultureCookie
{
    public static CookieOptions Options(HttpContext http) =>
        new() { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps };
}
