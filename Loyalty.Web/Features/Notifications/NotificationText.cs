using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// A notification's words, made when it is shown (or mailed) in the reader's language: the kind's resource
/// (<c>Notifications.Text.{Kind}</c>) with its <c>{name}</c> placeholders filled from the stored arguments. Points are
/// formatted as numbers, ISO dates as dates of the culture, a ledger reason (stored coded) in the reader's words; a missing argument leaves its placeholder empty. A kind told to
/// two sides of one event in different words carries a <c>role</c> argument: its text is <c>Notifications.Text.{Kind}.{Role}</c>
/// (a referral bonus: the referrer's text, or with <see cref="RefereeRole"/> the welcome bonus of the friend who joined).
/// </summary>
public static partial class NotificationText
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The <c>role</c> of a referral bonus told to the friend who joined (<c>Notifications.Text.ReferralRewarded.Referee</c>).</summary>
    public const string RefereeRole = "referee";

    public static string Render(IStringLocalizer localizer, NotificationKind kind, string arguments)
    {
        var values = Parse(arguments);
        var template = TemplateOf(localizer, kind, values.GetValueOrDefault("role"));
        return Placeholder().Replace(template, m => Format(localizer, m.Groups[1].Value, values.GetValueOrDefault(m.Groups[1].Value)));
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

    private static string TemplateOf(IStringLocalizer localizer, NotificationKind kind, string? role)
    {
        if (role is { Length: > 0 } && role.All(char.IsAsciiLetter)
            && localizer[$"Notifications.Text.{kind}.{char.ToUpperInvariant(role[0])}{role[1..]}"] is { ResourceNotFound: false } variant)
            return variant.Value;
        return localizer[$"Notifications.Text.{kind}"].Value;
    }

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

    private static string Format(IStringLocalizer localizer, string name, string? value)
    {
        if (value is null) return "";
        if (name == "reason") return localizer.Reason(value);
        var culture = CultureInfo.CurrentUICulture;
        if (name is "points" or "rank" && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var points))
            return points.ToString("N0", culture);
        if (name == "date" && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date.ToString("d", culture);
        return value;
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex Placeholder();
}
