using Loyalty.Web.Features.Stores;

namespace Loyalty.Web.Api;

/// <summary>The stores integrations send purchases for: their codes, places and whether they are open.</summary>
public static class StoresApi
{
    public static RouteGroupBuilder MapStoresApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stores", ListStoresAsync)
            .RequireAuthorization(ApiPolicies.AnyKey)
            .WithName("ListStores")
            .Produces<IReadOnlyList<StoreListing>>().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Every store by code, open and closed; purchases at a closed store are refused (409 store.closed)")
            .WithDescription("Any valid API key may read it, whatever its scopes.");
        return api;
    }

    private static async Task<IResult> ListStoresAsync(ListStores query, CancellationToken ct) => TypedResults.Ok(await query.HandleAsync(ct));
}
