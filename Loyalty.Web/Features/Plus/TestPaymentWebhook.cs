using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Plus;

/// <summary>
/// The test gateway's webhook: the body is a <see cref="PaymentEvent"/> as JSON, signed with HMAC-SHA256 over the body with
/// <c>Payments:Test:WebhookSecret</c>, hex, in <see cref="SignatureHeader"/>. A missing or wrong signature is rejected.
/// </summary>
public sealed class TestPaymentWebhook(IOptions<PaymentsOptions> options) : IPaymentWebhook
{
    public const string SignatureHeader = "X-Test-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public string Gateway => PaymentGateways.TestName;

    public PaymentEvent? Parse(string body, IReadOnlyDictionary<string, string> headers)
    {
        var given = headers.FirstOrDefault(h => string.Equals(h.Key, SignatureHeader, StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(given)) throw new WebhookRejectedException($"The {SignatureHeader} header is missing.");
        byte[] signature;
        try { signature = Convert.FromHexString(given); }
        catch (FormatException) { throw new WebhookRejectedException($"The {SignatureHeader} header is not hex."); }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(body))) throw new WebhookRejectedException("The signature does not match the body.");
        try
        {
            return JsonSerializer.Deserialize<PaymentEvent>(body, Json) is { EventId.Length: > 0 } e ? e : throw new WebhookRejectedException("The event has no id.");
        }
        catch (JsonException ex)
        {
            throw new WebhookRejectedException($"The body is not an event: {ex.Message}");
        }
    }

    public static string Serialize(PaymentEvent e) => JsonSerializer.Serialize(e, Json);

    public byte[] Sign(string body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Test.WebhookSecret), Encoding.UTF8.GetBytes(body));

    public string SignatureOf(string body) => Convert.ToHexString(Sign(body));
}
