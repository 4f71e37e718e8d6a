using System.Text.Json;

namespace Loyalty.Web.Features.Mail;

/// <summary>Extra headers an outbox message carries (<see cref="Data.Records.OutboxMessage.Headers"/>): a JSON object of strings.</summary>
public static class MailHeaders
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";

    /// <summary>RFC 8058: the receiver may POST this body to the List-Unsubscribe address to unsubscribe in one click.</summary>
    public const string OneClick = "List-Unsubscribe=One-Click";

    /// <summary>The headers of an RFC 8058 one-click unsubscribe at <paramref name="url"/> (an absolute https or http address).</summary>
    public static Dictionary<string, string> OneClickUnsubscribe(string url) => new()
    {
        [ListUnsubscribe] = $"<{url}>",
        [ListUnsubscribePost] = OneClick,
    };

    public static string Write(IReadOnlyDictionary<string, string> headers) => headers.Count == 0 ? "" : JsonSerializer.Serialize(headers);

    public static IReadOnlyDictionary<string, string> Read(string headers) =>
        string.IsNullOrEmpty(headers) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(headers) ?? [];
}
