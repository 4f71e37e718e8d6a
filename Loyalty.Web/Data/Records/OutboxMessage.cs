namespace Loyalty.Web.Data.Records;

/// <summary>Where an e-mail is on its way out.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Queued,
    /// <summary>Claimed by one app instance, which is talking to the SMTP server now.</summary>
    Sending,
    Sent,
    /// <summary>Given up on: after the last attempt, or interrupted mid-send. Only an admin's retry queues it again.</summary>
    Failed,
}

/// <summary>
/// An e-mail in the durable outbox: queued, sent over SMTP by <c>Jobs/MailDispatcher</c> and kept afterwards.
/// Without SMTP settings it stays queued, and in Development this table is the mailbox.
/// </summary>
public sealed class OutboxMessage
{
    public const int HeadersMaxLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string To { get; init; }
    public required string Subject { get; init; }
    public required string HtmlBody { get; init; }
    public string TextBody { get; init; } = "";
    /// <summary>Extra headers as a JSON object of strings (e.g. List-Unsubscribe); "" for none.</summary>
    public string Headers { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public OutboxStatus Status { get; set; }
    /// <summary>Attempts started (counted when claimed, so an attempt interrupted by a crash counts too).</summary>
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>While <see cref="OutboxStatus.Sending"/>: until when the claiming instance may take to send it.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The SMTP server's answer (or the connection error) of the last failed attempt.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    /// <summary>Concurrency token: a claim saves only if nobody changed the row since it was read.</summary>
    public long Version { get; set; }
}
