using Loyalty.Web.Data.Records;

namespace Loyalty.Web.Features.Notifications;

/// <summary>How a member hears of each kind until they choose (docs/architecture.md, "Notifications").</summary>
public static class NotificationDefaults
{
    public static IReadOnlyList<NotificationKind> Kinds { get; } = Enum.GetValues<NotificationKind>();

    public static NotificationChannels For(NotificationKind kind) => kind switch
    {
        // Frequent and visible on the page anyway: in the app only.
        NotificationKind.PointsEarned or NotificationKind.PointsTakenBack or NotificationKind.VoucherUsed
            or NotificationKind.NewOffer or NotificationKind.Overtaken => NotificationChannels.InApp,
        // Worth an e-mail: money-like changes and things with a deadline.
        _ => NotificationChannels.Both,
    };

    /// <summary>Promotional kinds: their e-mail goes only to members who consented to marketing e-mail.</summary>
    public static bool IsMarketing(NotificationKind kind) => kind is NotificationKind.NewOffer or NotificationKind.Overtaken;

    /// <summary>A member's channels for each kind: their choice where they made one, else the default.</summary>
    public static NotificationChannels Resolve(NotificationKind kind, IReadOnlyDictionary<NotificationKind, NotificationChannels> chosen) =>
        chosen.TryGetValue(kind, out var channels) ? channels : For(kind);
}
