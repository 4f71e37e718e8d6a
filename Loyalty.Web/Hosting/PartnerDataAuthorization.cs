using System.Security.Claims;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Loyalty.Web.Hosting;

/// <summary>
/// The <see cref="Policy"/> for a partner's own data at a route with a <c>{partnerId}</c> (statements' CSV and print page):
/// staff (Admin, Manager) see every partner's; a user in the <see cref="Roles.Partner"/> role only the partner their
/// <see cref="LoyaltyClaims.PartnerId"/> claim names. Anyone else signed in gets 404, not 403, so partner ids cannot be probed.
/// </summary>
public static class PartnerDataAuthorization
{
    public const string Policy = "PartnerData";
    public const string RouteValue = "partnerId";

    /// <summary>Call after every feature: its 404 wraps whatever answer for a refusal was registered before (staff two-factor).</summary>
    public static IServiceCollection AddPartnerDataPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Roles.Admin, Roles.Manager, Roles.Partner)
            .AddRequirements(new PartnerDataRequirement()));
        services.AddSingleton<IAuthorizationHandler, PartnerDataHandler>();
        var previous = services.LastOrDefault(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(sp => new PartnerDataNotFound(previous switch
        {
            null => new AuthorizationMiddlewareResultHandler(),
            { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => instance,
            { ImplementationFactory: { } factory } => (IAuthorizationMiddlewareResultHandler)factory(sp),
            _ => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(sp, previous.ImplementationType!),
        }));
        return services;
    }

    /// <summary>Whether <paramref name="user"/> may see <paramref name="partnerId"/>'s data: the one rule, for endpoints and pages.</summary>
    public static bool MaySee(ClaimsPrincipal user, int partnerId) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager)
        || (user.IsInRole(Roles.Partner) && user.FindFirst(LoyaltyClaims.PartnerId)?.Value == partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

internal sealed class PartnerDataRequirement : IAuthorizationRequirement;

internal sealed class PartnerDataHandler : AuthorizationHandler<PartnerDataRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PartnerDataRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (http?.GetRouteValue(PartnerDataAuthorization.RouteValue) is { } raw && int.TryParse(raw.ToString(), out var partnerId)
            && PartnerDataAuthorization.MaySee(context.User, partnerId))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>A signed-in user refused by <see cref="PartnerDataAuthorization.Policy"/> gets 404; other answers are left to <paramref name="inner"/>.</summary>
internal sealed class PartnerDataNotFound(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // Staff without two-factor keep being sent to turn it on (a failure with a reason); a wrong partner or role is simply not found.
        if (authorizeResult.Forbidden && policy.Requirements.OfType<PartnerDataRequirement>().Any()
            && authorizeResult.AuthorizationFailure?.FailureReasons.Any() != true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
