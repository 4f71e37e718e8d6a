namespace Loyalty.Web.Features.Plus;

public enum TestCheckoutChoice
{
    Approve,
    Decline,
    Fail,
}

/// <summary>
/// The test checkout page's buttons: each builds the event a real gateway would send, signs it with the test webhook secret and
/// hands it to <see cref="ReceiveWebhook"/>, the webhook endpoint's own path (so the signature check and at-most-once apply too).
/// </summary>
public sealed class TestGatewayEvents(TestPaymentGateway gateway, TestPaymentWebhook webhook, ReceiveWebhook receive)
{
    public CheckoutRequest? Session(string sessionRef) => gateway.Session(sessionRef);

    public async Task<PaymentEventResult?> ChooseAsync(string sessionRef, TestCheckoutChoice choice, CancellationToken ct = default)
    {
        if (gateway.Session(sessionRef) is not { } session) return null;
        var id = "tev_" + Guid.NewGuid().ToString("N");
        var e = choice switch
        {
            TestCheckoutChoice.Approve => new PaymentEvent(id, PaymentEventKind.CheckoutCompleted, session.SubscriptionId, sessionRef,
                TestPaymentGateway.CustomerFor(session), "tpm_card", "tpay_" + Guid.NewGuid().ToString("N"), session.Amount, session.Currency, null),
            TestCheckoutChoice.Decline => new PaymentEvent(id, PaymentEventKind.PaymentFailed, session.SubscriptionId, sessionRef, null, null, null,
                session.Amount, session.Currency, "Your card was declined (test gateway)."),
            _ => new PaymentEvent(id, PaymentEventKind.PaymentFailed, session.SubscriptionId, sessionRef, null, null, null,
                session.Amount, session.Currency, "The payment could not be processed (test gateway)."),
        };
        var body = TestPaymentWebhook.Serialize(e);
        var (_, result) = await receive.HandleAsync(PaymentGateways.TestName, body,
            new Dictionary<string, string> { [TestPaymentWebhook.SignatureHeader] = webhook.SignatureOf(body) }, ct);
        return result;
    }
}
