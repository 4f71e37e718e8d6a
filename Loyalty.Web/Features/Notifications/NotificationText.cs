using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Web.Data.Records;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// A notification's words, made when it is shown (or mailed) in the reader's language: the kind's resource
/// (<c>Notifications.Text.{Kind}</c>) with its <c>{name}</c> placeholders filled from the stored arguments. Points are
/// formatted as numbers, ISO dates as dates of the culture; a missing argument leaves its placeholder empty.
/// </summary>
public static partial class NotificationText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Render(IStringLocalizer localizer, NotificationKind kind, string arguments)
    {
        var values = Parse(arguments);
        var template = localizer[$"Notifications.Text.{kind}"].Value;
        return Placeholder().Replace(template, m => Format(m.Groups[1].Value, values.GetValueOrDefault(m.Groups[1].Value)));
    }

    /// <summary>Where the inbox takes the member for a kind (a page inside the app).</summary>
    public static string LinkOf(NotificationKind kind) => kind switch
    {
        NotificationKind.PointsEarned or NotificationKind.PointsTakenBack or NotificationKind.GiftReceived => "activity",
        NotificationKind.NewOffer => "offers",
        NotificationKind.RedemptionIssued or NotificationKind.VoucherUsed => "my-rewards",
        NotificationKind.Overtaken => "tournaments",
        NotificationKind.ReferralRewarded => "referrals",
        NotificationKind.FeedbackAnswered => "feedback",
        _ => "dashboard",
    };

    private static Dictionary<string, string> Parse(string arguments)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(arguments, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Format(string name, string? value)
    {
        if (value is null) return "";
        var culture = CultureInfo.CurrentUICulture;
        if (name == "points" && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points))
            return points.ToString("N0", culture);
        if (name == "date" && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToString("d", culture);
        return value;
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Placeholder();
}
