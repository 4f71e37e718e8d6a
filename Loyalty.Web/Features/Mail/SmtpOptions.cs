using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Mail;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (port 587); refused if the server does not offer it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption: only for a relay on the same host or network.</summary>
    None,
}

/// <summary>The <c>Mail:Smtp</c> section of appsettings.json. An empty <see cref="Host"/> keeps every e-mail in the outbox table.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Mail:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? FromAddress { get; set; }
    /// <summary>The sender's display name; empty = the program's name from its settings.</summary>
    public string? FromName { get; set; }

    /// <summary>Attempts before a message is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after the first failed attempt; each later one waits four times longer, up to <see cref="MaxRetryMinutes"/>.</summary>
    public int FirstRetrySeconds { get; set; } = 30;
    public int MaxRetryMinutes { get; set; } = 60;
    /// <summary>How often the outbox is checked for due messages (new mail from this instance is sent at once).</summary>
    public int PollSeconds { get; set; } = 10;
    /// <summary>How long one SMTP command may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 30 s, 2 min, 8 min, 32 min, then the cap.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = FirstRetrySeconds * Math.Pow(4, Math.Clamp(attempts - 1, 0, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryMinutes * 60.0));
    }

    internal static IEnumerable<string> Validate(SmtpOptions o)
    {
        if (o.Port is < 1 or > 65535) yield return $"Mail:Smtp:Port must be between 1 and 65535, not {o.Port}.";
        if (!Enum.IsDefined(o.Security)) yield return "Mail:Smtp:Security must be StartTls, SslOnConnect or None.";
        if (o.MaxAttempts is < 1 or > 100) yield return $"Mail:Smtp:MaxAttempts must be between 1 and 100, not {o.MaxAttempts}.";
        if (o.FirstRetrySeconds is < 1 or > 86_400) yield return $"Mail:Smtp:FirstRetrySeconds must be between 1 and 86400, not {o.FirstRetrySeconds}.";
        if (o.MaxRetryMinutes is < 1 or > 10_080) yield return $"Mail:Smtp:MaxRetryMinutes must be between 1 and 10080 (a week), not {o.MaxRetryMinutes}.";
        if (o.PollSeconds is < 1 or > 3600) yield return $"Mail:Smtp:PollSeconds must be between 1 and 3600, not {o.PollSeconds}.";
        if (o.TimeoutSeconds is < 1 or > 600) yield return $"Mail:Smtp:TimeoutSeconds must be between 1 and 600, not {o.TimeoutSeconds}.";
        if (!o.IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(o.FromAddress))
            yield return "Mail:Smtp:FromAddress is required when Mail:Smtp:Host is set (e.g. \"rewards@example.com\").";
        else if (!MimeKit.MailboxAddress.TryParse(o.FromAddress, out _))
            yield return $"Mail:Smtp:FromAddress '{o.FromAddress}' is not an e-mail address.";
        if (string.IsNullOrEmpty(o.UserName) != string.IsNullOrEmpty(o.Password))
            yield return "Mail:Smtp:UserName and Mail:Smtp:Password are set together (both for a server that needs a login, neither for one that does not).";
    }

    internal sealed class Validator : IValidateOptions<SmtpOptions>
    {
        public ValidateOptionsResult Validate(string? name, SmtpOptions options)
        {
            var errors = SmtpOptions.Validate(options).ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
