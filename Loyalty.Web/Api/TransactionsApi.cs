using Loyalty.Domain;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Api;

public sealed record PurchaseItemRequest(string? Sku, string? Category, decimal? Quantity, decimal? Price);

/// <summary>A purchase reported by a till or partner. <c>externalId</c> is the caller's id: sending it again is safe.</summary>
public sealed record PurchaseRequest(
    string? ExternalId,
    string? MemberNumber,
    decimal? Amount,
    string? Currency,
    string? StoreCode,
    DateTimeOffset? OccurredAt,
    IReadOnlyList<PurchaseItemRequest>? Items);

/// <summary>Money refunded for (part of) a purchase. <c>returnId</c> is the caller's id for this return.</summary>
public sealed record ReturnRequest(string? ReturnId, decimal? Amount, DateTimeOffset? OccurredAt);

/// <summary>An activity event (e.g. "app-checkin", "review"). <c>externalId</c> is the caller's id.</summary>
/// <param name="Amount">For event types that earn per amount (a bet's stake): the amount; left out for fixed-points types.</param>
public sealed record ActivityEventRequest(string? ExternalId, string? MemberNumber, string? EventCode, DateTimeOffset? OccurredAt, decimal? Amount = null);

/// <summary>The integration API v1: purchases, returns and balances for point-of-sale and partner systems.</summary>
public static class TransactionsApi
{
    public const string ReplayHeader = "Idempotent-Replayed";

    /// <summary>Optional on single-item changes (voucher use): the same key again is answered as the first time.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>
    /// Benchmarks only (Loyalty.Bench <c>scale</c>), off by default: POST /transactions parses and checks the body as ever and
    /// answers 201 with a receipt of 0 points, storing nothing, so a benchmark measures the HTTP ceiling of the same route.
    /// Never set it in a real deployment: purchases are acknowledged and lost.
    /// </summary>
    public const string PurchaseCeilingSetting = "Bench:PurchaseCeiling";

    public static RouteGroupBuilder MapTransactionsApi(this RouteGroupBuilder api)
    {
        var ceiling = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(PurchaseCeilingSetting);
        (ceiling ? api.MapPost("/transactions", PurchaseCeiling) : api.MapPost("/transactions", RecordPurchaseAsync))
            .RequireAuthorization(ApiPolicies.Transactions)
            .WithName("RecordPurchase")
            .Produces<PurchaseReceipt>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Report a purchase; it earns points for the member")
            .WithDescription("Idempotent on externalId: the same request again has one effect and gets the same answer. " +
                             "The same externalId with a different body is a 409 conflict.");
        api.MapPost("/transactions/{externalId}/returns", RecordReturnAsync)
            .RequireAuthorization(ApiPolicies.Transactions)
            .WithName("RecordReturn")
            .Produces<ReturnReceipt>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Report a (partial) return; points are taken back in proportion to the refund");
        api.MapPost("/events", RecordEventAsync)
            .RequireAuthorization(ApiPolicies.Events)
            .WithName("RecordActivityEvent")
            .Produces<Features.Events.ActivityEventReceipt>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Report an activity event; it earns its configured points up to a daily cap");
        api.MapPost("/vouchers/{code}/use", UseVoucherAsync)
            .RequireAuthorization(ApiPolicies.Vouchers)
            .WithName("UseVoucher")
            .WithSummary("Mark a reward voucher used at the till; unknown, used or cancelled codes are refused")
            .Produces<Features.Rewards.VoucherUse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/members/{memberNumber}/balance", GetBalanceAsync)
            .RequireAuthorization(ApiPolicies.Balance)
            .WithName("GetBalance")
            .Produces<MemberBalance>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("A member's points: available, pending, expiring soon, lifetime, debt");
        return api;
    }

    /// <remarks>Receipts tell the reason in the request's language (Accept-Language; English by default).</remarks>
    private static async Task<IResult> RecordPurchaseAsync(PurchaseRequest request, RecordPurchase useCase, IStringLocalizer<SharedResource> l,
        HttpContext http, CancellationToken ct)
    {
        var outcome = await useCase.HandleAsync(ToCommand(request) with { Caller = ApiKeyAuthenticationHandler.Caller(http.User) }, ct);
        if (outcome.Replayed) http.Response.Headers[ReplayHeader] = "true";
        return TypedResults.Created($"/api/v1/transactions/{Uri.EscapeDataString(outcome.Receipt.ExternalId)}",
            outcome.Receipt with { Reason = l.Reason(outcome.Receipt.Reason) });
    }

    /// <summary>The ceiling (<see cref="PurchaseCeilingSetting"/>): the same body, parsed and checked, answered without storing.</summary>
    private static Task<IResult> PurchaseCeiling(PurchaseRequest request, HttpContext http)
    {
        var command = ToCommand(request) with { Caller = ApiKeyAuthenticationHandler.Caller(http.User) };
        return Task.FromResult<IResult>(TypedResults.Created($"/api/v1/transactions/{Uri.EscapeDataString(command.ExternalId)}",
            new PurchaseReceipt(command.ExternalId, command.MemberNumber, 0, "benchmark ceiling: not stored", null, null)));
    }

    private static async Task<IResult> RecordReturnAsync(string externalId, ReturnRequest request, RecordReturn useCase,
        IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct)
    {
        var amount = request.Amount ?? throw DomainException.Invalid("request.amount", "The refunded amount is required.", field: "amount");
        var outcome = await useCase.HandleAsync(new ReturnCommand(externalId, request.ReturnId ?? "", amount, request.OccurredAt)
            { Caller = ApiKeyAuthenticationHandler.Caller(http.User) }, ct);
        if (outcome.Replayed) http.Response.Headers[ReplayHeader] = "true";
        return TypedResults.Created(
            $"/api/v1/transactions/{Uri.EscapeDataString(externalId)}/returns/{Uri.EscapeDataString(outcome.Receipt.ReturnId)}",
            outcome.Receipt with { Reason = l.Reason(outcome.Receipt.Reason) });
    }

    private static async Task<IResult> RecordEventAsync(ActivityEventRequest request, Features.Events.RecordActivityEvent useCase,
        IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct)
    {
        var outcome = await useCase.HandleAsync(new Features.Events.ActivityEventCommand(request.ExternalId ?? "", request.MemberNumber ?? "",
            request.EventCode ?? throw DomainException.Invalid("request.event-code", "The event code is required, e.g. app-checkin.", field: "eventCode"),
            request.OccurredAt ?? throw DomainException.Invalid("request.occurred-at", "The time of the event is required (ISO 8601 with offset).", field: "occurredAt"))
            { Caller = ApiKeyAuthenticationHandler.Caller(http.User), Amount = request.Amount }, ct);
        if (outcome.Replayed) http.Response.Headers[ReplayHeader] = "true";
        return TypedResults.Created($"/api/v1/events/{Uri.EscapeDataString(outcome.Receipt.ExternalId)}",
            outcome.Receipt with { Reason = l.Reason(outcome.Receipt.Reason) });
    }

    /// <summary>With an <c>Idempotency-Key</c> header, a repeated use (a till retrying after a lost answer) is answered 200 as the first was.</summary>
    private static async Task<IResult> UseVoucherAsync(string code, Features.Rewards.ManageRedemptions redemptions, HttpContext http,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.UseAsync(code, $"api-key:{http.User.Identity?.Name}", ApiKeyAuthenticationHandler.Caller(http.User), ct,
            idempotencyKey));

    private static async Task<IResult> GetBalanceAsync(string memberNumber, GetMemberBalance query, Features.ApiKeys.ApiKeyRateLimiter rate,
        HttpContext http, CancellationToken ct)
    {
        // Before the lookup: a number that exists and one that does not cost the same, so the limit also bounds walking the numbers.
        if (rate.TryAcquireBalanceRead(ApiKeyAuthenticationHandler.Caller(http.User).KeyId) is { } wait)
            return ApiProblems.From(DomainException.Limited("apikey.balance-rate-limited",
                $"This API key read too many balances; try again in {Math.Ceiling(wait.TotalSeconds):0} s (Retry-After).", wait));
        return await query.HandleAsync(memberNumber, ct) is { } balance
            ? TypedResults.Ok(balance)
            : ApiProblems.From(DomainException.NotFound("member.not-found", $"No member has the number '{memberNumber}'.", field: "memberNumber"));
    }

    private static PurchaseCommand ToCommand(PurchaseRequest r)
    {
        var items = new List<PurchaseItem>();
        for (var i = 0; i < (r.Items?.Count ?? 0); i++)
        {
            var item = r.Items![i] ?? throw DomainException.Invalid("request.items", "An item cannot be null.", field: $"items[{i}]");
            items.Add(new PurchaseItem(item.Sku ?? "", item.Category ?? "",
                item.Quantity ?? throw DomainException.Invalid("request.items-quantity", "The quantity is required.", field: $"items[{i}].quantity"),
                item.Price ?? throw DomainException.Invalid("request.items-price", "The price is required.", field: $"items[{i}].price")));
        }
        return new PurchaseCommand(
            r.ExternalId ?? "",
            r.MemberNumber ?? "",
            r.Amount ?? throw DomainException.Invalid("request.amount", "The amount is required.", field: "amount"),
            r.Currency ?? throw DomainException.Invalid("request.currency", "The currency is required (ISO 4217, e.g. EUR).", field: "currency"),
            r.StoreCode ?? throw DomainException.Invalid("request.store-code", "The store code is required.", field: "storeCode"),
            r.OccurredAt ?? throw DomainException.Invalid("request.occurred-at", "The time of the purchase is required (ISO 8601 with offset).", field: "occurredAt"),
            items);
    }
}

public static class ApiPolicies
{
    public const string Transactions = "api.transactions";
    public const string Balance = "api.balance";
    public const string Events = "api.events";
    public const string Vouchers = "api.vouchers";

    /// <summary>Any valid key, whatever its scopes: for what every integration may read (the stores).</summary>
    public const string AnyKey = "api.any-key";
}
