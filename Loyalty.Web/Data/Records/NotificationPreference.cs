namespace Loyalty.Web.Data.Records;

/// <summary>How a member hears of one kind of notification.</summary>
[Flags]
public enum NotificationChannels
{
    Off = 0,
    InApp = 1,
    Email = 2,
    Both = InApp | Email,
}

/// <summary>A member's choice for one kind; kinds without a row use the program's default (<c>NotificationDefaults</c>).</summary>
public sealed class NotificationPreference(long memberId, NotificationKind kind, NotificationChannels channels)
{
    public long MemberId { get; private set; } = memberId;
    public NotificationKind Kind { get; private set; } = kind;
    public NotificationChannels Channels { get; set; } = channels;
}

/// <summary>The language a member last picked in the portal: their notification e-mails are written in it.</summary>
public sealed class MemberLanguage(long memberId, string culture)
{
    public const int CultureMaxLength = 10;

    public long MemberId { get; private set; } = memberId;
    public string Culture { get; set; } = culture;
}

/// <summary>
/// How far a projection has read its source (the notification projector: the ledger's insertion order), saved in the same
/// transaction as what it produced from it, so a restart neither skips nor repeats.
/// </summary>
public sealed class ProjectionCursor(string name, long position)
{
    public string Name { get; private set; } = name;
    public long Position { get; set; } = position;
}
