namespace Loyalty.Web.Features.Plus;

public enum WebhookAnswer
{
    /// <summary>Applied, or a repeat of one applied (200 either way).</summary>
    Accepted,

    /// <summary>A valid event of a type we do not act on (200).</summary>
    Ignored,

    /// <summary>No such gateway here (404).</summary>
    UnknownGateway,
}

/// <summary>
/// A webhook request as the endpoint receives it: the named gateway's <see cref="IPaymentWebhook"/> verifies and parses the raw
/// body (throwing <see cref="WebhookRejectedException"/> on a bad signature, before anything is applied), then
/// <see cref="ApplyPaymentEvent"/> applies it at most once. The test checkout page delivers its events through here too.
/// </summary>
public sealed class ReceiveWebhook(PaymentGateways gateways, ApplyPaymentEvent apply)
{
    public async Task<(WebhookAnswer Answer, PaymentEventResult? Result)> HandleAsync(string gateway, string body,
        IReadOnlyDictionary<string, string> headers, CancellationToken ct = default)
    {
        if (gateways.Webhook(gateway) is not { } webhook) return (WebhookAnswer.UnknownGateway, null);
        if (webhook.Parse(body, headers) is not { } e) return (WebhookAnswer.Ignored, null);
        return (WebhookAnswer.Accepted, await apply.HandleAsync(webhook.Gateway, e, ct));
    }
}
