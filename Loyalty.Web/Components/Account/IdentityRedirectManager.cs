using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Loyalty.Web.Data;

namespace Loyalty.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager, IStringLocalizer<AccountResource> localizer)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    /// <summary>Set next to the status cookie when the message is an error: localized messages have no "Error" prefix to go by.</summary>
    public const string StatusIsErrorCookieName = "Identity.StatusMessage.IsError";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        uri ??= "";

        // Prevent open redirects.
        if (!Uri.IsWellFormedUriString(uri, UriKind.Relative)
            || uri.StartsWith("//", StringComparison.Ordinal))
        {
            uri = navigationManager.ToBaseRelativePath(uri);
        }

        navigationManager.NavigateTo(uri);
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        if (context.Request.Cookies.ContainsKey(StatusIsErrorCookieName))
        {
            context.Response.Cookies.Delete(StatusIsErrorCookieName);
        }
        RedirectTo(uri);
    }

    /// <summary>Like <see cref="RedirectToWithStatus"/>, with the message shown as an error.</summary>
    public void RedirectToWithError(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        context.Response.Cookies.Append(StatusIsErrorCookieName, "1", StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToCurrentPageWithError(string message, HttpContext context)
        => RedirectToWithError(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithError("Account/InvalidUser", localizer["InvalidUser.Message", userManager.GetUserId(context.User) ?? ""], context);
}
