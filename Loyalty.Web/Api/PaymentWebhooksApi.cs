using Loyalty.Domain;
using Loyalty.Web.Features.Plus;

namespace Loyalty.Web.Api;

/// <summary>
/// <c>POST /api/v1/payments/webhooks/{gateway}</c>: a payment gateway's events (docs/plus.md, "Webhooks"). No sign-in and no
/// API key: the gateway's signature over the raw body is the proof; a bad one is 400 and nothing is applied. Each event is
/// applied at most once: a repeat answers 200 as the first did.
/// </summary>
public static class PaymentWebhooksApi
{
    public static RouteGroupBuilder MapPaymentWebhooksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/payments/webhooks/{gateway}", ReceiveAsync).AllowAnonymous().ExcludeFromDescription().WithName("ReceivePaymentWebhook");
        return api;
    }

    private static async Task<IResult> ReceiveAsync(string gateway, HttpRequest request, ReceiveWebhook receive, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        try
        {
            var (answer, result) = await receive.HandleAsync(gateway.ToLowerInvariant(), body, headers, ct);
            return answer == WebhookAnswer.UnknownGateway
                ? ApiProblems.From(DomainException.NotFound("payments.unknown-gateway", $"No payment gateway '{gateway}' takes webhooks here."))
                : Results.Ok(new { received = true, result = result?.ToString() ?? "Ignored" });
        }
        catch (WebhookRejectedException e)
        {
            // Nothing was applied: the signature is checked before the body is read.
            return ApiProblems.From(DomainException.Invalid("payments.webhook-rejected", e.Message, field: "signature"));
        }
    }
}
