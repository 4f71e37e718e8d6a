using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Loyalty.Web.Features.Staff;

/// <summary>
/// A request for a console page refused only because two-factor authentication is off goes to the page that turns it on,
/// not to "access denied". (Inside an open circuit, Components/Shared/StaffTwoFactorGate.razor does the same.)
/// </summary>
public sealed class StaffTwoFactorRedirect : IAuthorizationMiddlewareResultHandler
{
    public const string SetupPath = "/Account/Manage/TwoFactorAuthentication";
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden
            && authorizeResult.AuthorizationFailure?.FailureReasons.Any(r => r.Handler is StaffTwoFactorHandler) == true)
        {
            context.Response.Redirect(SetupPath);
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
