using Loyalty.Domain.Integrations;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Scalar.AspNetCore;

namespace Loyalty.Web.Api;

public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddLoyaltyApi(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Transactions, p => Scope(p, ApiScopes.Transactions))
            .AddPolicy(ApiPolicies.Balance, p => Scope(p, ApiScopes.Balance))
            .AddPolicy(ApiPolicies.Events, p => Scope(p, ApiScopes.Events))
            .AddPolicy(ApiPolicies.Vouchers, p => Scope(p, ApiScopes.Vouchers))
            .AddPolicy(ApiPolicies.AnyKey, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.AddCode);
        services.AddExceptionHandler<ApiBadRequestHandler>();
        services.AddExceptionHandler<ApiUnavailableHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new OffsetRequiredTimeConverter()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/") == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Loyalty integration API";
                document.Info.Description = $"Authenticate every call with an API key in the {ApiKeyAuthenticationHandler.Header} header " +
                                            "(admins create keys under Admin → API keys). Errors are RFC 7807 problem details with a stable \"code\" " +
                                            "and, when one field is at fault, \"errors\" naming it. Sending the same externalId again is safe: one effect, same answer.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static void Scope(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p, ApiScopes scope) =>
        p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope.ToString().ToLowerInvariant());

    public static WebApplication MapLoyaltyApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous(); // the API's description is public, as its docs page
        // The reference page runs under the app's CSP: its inline module script by the request's nonce, and no fonts from
        // Scalar's CDN (font-src 'self'; the system fonts serve).
        app.MapScalarApiReference("/api/docs", (o, http) =>
            o.WithTitle("Loyalty integration API").DisableDefaultFonts().WithNonce(Hosting.SecurityHeaders.NonceOf(http)))
            .AllowAnonymous();
        app.MapGroup("/api/v1")
            .AddEndpointFilter(ApiProblems.Filter)
            .DisableAntiforgery()
            .WithTags("Integration API v1")
            .MapTransactionsApi()
            .MapStoresApi()
            .MapPaymentWebhooksApi();
        return app;
    }
}
