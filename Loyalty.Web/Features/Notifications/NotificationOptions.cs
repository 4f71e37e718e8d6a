namespace Loyalty.Web.Features.Notifications;

/// <summary>The <c>Notifications</c> section of appsettings.json.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>How often the projector looks for new ledger entries (the bell moves within about this); 0 = off.</summary>
    public int LedgerPollMilliseconds { get; set; } = 500;

    /// <summary>How often the mailer looks for due e-mails besides being woken by this instance's notifications; 0 = off.</summary>
    public int MailPollSeconds { get; set; } = 10;

    /// <summary>How often reminders (expiring points, tier review) are looked for; each is sent once whatever this is; 0 = off.</summary>
    public int ReminderIntervalMinutes { get; set; } = 60;
}
