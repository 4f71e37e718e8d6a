using System.Net;
using System.Text;
using Loyalty.Web.Features.Plus.Stripe;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Features.Plus.Stripe;

/// <summary>One request as Stripe would have received it: the form fields decoded, the headers by name.</summary>
public sealed record StripeRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Form)
{
    public string Field(string name) => Form.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException(
        $"The request to {Uri.AbsolutePath} has no field {name}; it has: {string.Join(", ", Form.Keys)}");
}

/// <summary>
/// Stands in for api.stripe.com: records every request and answers with the next queued response (JSON shaped as Stripe's
/// API reference documents it), or throws when a network failure is queued. Nothing leaves the machine.
/// </summary>
public sealed class FakeStripeApi : HttpMessageHandler
{
    public const string SecretKey = "sk_test_51FakeKeyForTheseTestsOnly";

    private readonly Queue<Func<HttpResponseMessage>> answers = new();
    public List<StripeRequest> Requests { get; } = [];

    public FakeStripeApi Answer(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            response.Headers.Add("Request-Id", "req_fake");
            foreach (var (name, value) in headers) response.Headers.Add(name, value);
            return response;
        });
        return this;
    }

    public FakeStripeApi FailOnTheNetwork()
    {
        answers.Enqueue(() => throw new HttpRequestException("Connection refused (api.stripe.com:443)"));
        return this;
    }

    /// <summary>A gateway whose Stripe client talks to this fake (no retries unless asked, so a test's requests are its own).</summary>
    public StripeGateway Gateway(int retries = 0, string? apiBase = null) =>
        new(StripeClients.Create(new StripeOptions { SecretKey = SecretKey, MaxNetworkRetries = retries, ApiBase = apiBase }, new HttpClient(this)),
            NullLogger<StripeGateway>.Instance);

    public StripeRequest Single() => Assert.Single(Requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        if (request.Content is not null)
            foreach (var h in request.Content.Headers) headers[h.Key] = string.Join(",", h.Value);
        var form = QueryHelpers.ParseQuery(body).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Requests.Add(new StripeRequest(request.Method, request.RequestUri!, headers, form));
        if (!answers.TryDequeue(out var answer))
            throw new InvalidOperationException($"The test queued no answer for {request.Method} {request.RequestUri}");
        return answer();
    }
}

/// <summary>Objects as Stripe's API reference shows them (trimmed to the fields a reader of this code would look for).</summary>
public static class StripeJson
{
    public const string SessionId = "cs_test_a1Jx9kP3gWmQ2rT8vYbZ4nL6cE0dF5hH7iK2uS9oA3wR1qM8pV";
    public const string SessionUrl = "https://checkout.stripe.com/c/pay/" + SessionId + "#fidkdWxOYHwnPyd1blpxYHZxWjA0";
    public const string CustomerId = "cus_RfK2pX9aLmQ3tZ";
    public const string PaymentIntentId = "pi_3QxY7bLkdIwHu7ix0aB1cD2e";
    public const string PaymentMethodId = "pm_1QxY7bLkdIwHu7ixZ9yX8wV7";

    public static string CheckoutSession(long subscriptionId = 42, long amountTotal = 1250, string currency = "eur", string status = "open",
        string paymentStatus = "unpaid", string? customer = null, string? paymentIntent = null, bool withMetadata = true) => $$"""
        {
          "id": "{{SessionId}}",
          "object": "checkout.session",
          "amount_subtotal": {{amountTotal}},
          "amount_total": {{amountTotal}},
          "automatic_tax": { "enabled": false, "liability": null, "status": null },
          "cancel_url": "https://loyalty.example/plus?checkout=cancelled",
          "client_reference_id": "{{subscriptionId}}",
          "created": 1764622800,
          "currency": "{{currency}}",
          "customer": {{Quoted(customer)}},
          "customer_creation": "always",
          "customer_details": null,
          "customer_email": "ada@example.com",
          "expires_at": 1764709200,
          "livemode": false,
          "locale": null,
          "metadata": {{(withMetadata ? $$"""{ "subscription_id": "{{subscriptionId}}" }""" : "{}")}},
          "mode": "payment",
          "payment_intent": {{Quoted(paymentIntent)}},
          "payment_method_types": ["card"],
          "payment_status": "{{paymentStatus}}",
          "status": "{{status}}",
          "success_url": "https://loyalty.example/plus?checkout=done",
          "url": {{Quoted(status == "open" ? SessionUrl : null)}}
        }
        """;

    public static string PaymentIntent(string status, long amount = 1250, string currency = "eur", long subscriptionId = 42,
        string? lastPaymentError = null, string purpose = "renewal") => $$"""
        {
          "id": "{{PaymentIntentId}}",
          "object": "payment_intent",
          "amount": {{amount}},
          "amount_capturable": 0,
          "amount_received": {{(status == "succeeded" ? amount : 0)}},
          "capture_method": "automatic_async",
          "client_secret": "{{PaymentIntentId}}_secret_fake",
          "confirmation_method": "automatic",
          "created": 1764622800,
          "currency": "{{currency}}",
          "customer": "{{CustomerId}}",
          "description": "Plus Gold, renewal",
          "last_payment_error": {{(lastPaymentError is null ? "null" : $$"""{ "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds", "message": "{{lastPaymentError}}" }""")}},
          "livemode": false,
          "metadata": { "subscription_id": "{{subscriptionId}}", "purpose": "{{purpose}}" },
          "payment_method": "{{PaymentMethodId}}",
          "payment_method_types": ["card"],
          "setup_future_usage": null,
          "status": "{{status}}"
        }
        """;

    public static string Error(string type, string code, string message, string? paymentIntent = null) => $$"""
        { "error": { "type": "{{type}}", "code": "{{code}}", "message": "{{message}}"{{(paymentIntent is null ? "" : $", \"payment_intent\": {paymentIntent}")}} } }
        """;

    public const string CardDeclined = """{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}""";

    public static string PortalSession(string customer) => $$"""
        {
          "id": "bps_1QxY7bLkdIwHu7ixPortal",
          "object": "billing_portal.session",
          "configuration": "bpc_1QxY7bLkdIwHu7ixConfig",
          "created": 1764622800,
          "customer": "{{customer}}",
          "livemode": false,
          "locale": null,
          "return_url": "https://loyalty.example/plus",
          "url": "https://billing.stripe.com/p/session/test_YWNjdF8xRmFrZQ"
        }
        """;

    private static string Quoted(string? value) => value is null ? "null" : $"\"{value}\"";
}
