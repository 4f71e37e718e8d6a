using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Mail;
using Loyalty.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using SmtpServer.Protocol;
using static Loyalty.Tests.Integration.Mail.MailTestKit;

namespace Loyalty.Tests.Integration.Mail;

/// <summary>The outbox delivered over SMTP to a real server in the test process: retries, failures, two instances.</summary>
public sealed class MailDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static async Task<Guid> QueueAsync(LoyaltyAppFactory app, string to, string subject)
    {
        await app.Services.GetRequiredService<IMailSender>().SendAsync(to, subject, $"<p>{subject}</p>");
        return await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == to).Select(m => m.Id).SingleAsync());
    }

    [Fact]
    public async Task A_message_queued_while_the_server_is_down_waits_with_its_attempts_unspent_and_is_sent_once_after_it_returns()
    {
        var port = SmtpTestServer.FreePort();
        var clock = new FakeTimeProvider(Start);
        await using var app = new LoyaltyAppFactory(settings: Smtp(port, maxAttempts: 2), clock: clock);

        var id = await QueueAsync(app, "down@example.com", "While down");
        // A pass finds the relay down before it claims anything.
        await Assert.ThrowsAsync<SmtpUnreachableException>(() => app.Services.GetRequiredService<DeliverDueMail>().HandleAsync(TestContext.Current.CancellationToken));
        // An hour of the dispatcher's backed-off tries: more than MaxAttempts, none of them the message's.
        for (var i = 0; i < 60; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        var waiting = await MessageAsync(app, id);
        Assert.Equal((OutboxStatus.Queued, 0, Start), (waiting.Status, waiting.Attempts, waiting.NextAttemptAt));

        await using var server = await SmtpTestServer.StartAsync(port);
        await EventuallyAsync(async () => (await MessageAsync(app, id)).Status == OutboxStatus.Sent, "sent after the server returned", clock);

        // Later passes (and a long time) send nothing again.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await app.Services.GetRequiredService<DeliverDueMail>().HandleAsync(TestContext.Current.CancellationToken));
        var sent = await MessageAsync(app, id);
        var received = Assert.Single(server.Received);
        Assert.Equal(1, sent.Attempts);
        Assert.NotNull(sent.SentAt);
        Assert.Equal($"{id:N}@mail.test", received.MessageId);
        Assert.Equal("While down", received.Subject);
    }

    [Fact]
    public void The_dispatcher_backs_off_from_a_relay_that_is_down_doubling_its_wait_up_to_five_minutes()
    {
        var poll = TimeSpan.FromSeconds(10);

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], new[] { 1, 2, 3, 4, 5, 6, 30 }.Select(n => MailDispatcher.Backoff(n, poll).TotalSeconds));
    }

    [Fact]
    public async Task A_message_the_server_refuses_for_good_550_is_failed_after_one_attempt_with_the_answer_and_a_retry_sends_it()
    {
        var port = SmtpTestServer.FreePort();
        var clock = new FakeTimeProvider(Start);
        await using var server = await SmtpTestServer.StartAsync(port);
        server.Refusal = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "Mailbox refused by the test");
        await using var app = new LoyaltyAppFactory(settings: Smtp(port, maxAttempts: 3), clock: clock);

        var id = await QueueAsync(app, "refused@example.com", "Refused");
        await EventuallyAsync(async () => (await MessageAsync(app, id)).Status == OutboxStatus.Failed, "failed");

        var failed = await MessageAsync(app, id);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastError);
        Assert.Contains("Mailbox refused by the test", failed.LastError);
        Assert.NotNull(failed.FailedAt);
        Assert.Empty(server.Received);

        server.Refusal = null;
        await app.Services.GetRequiredService<RetryMail>().HandleAsync(id, "admin@test", TestContext.Current.CancellationToken);
        await EventuallyAsync(async () => (await MessageAsync(app, id)).Status == OutboxStatus.Sent, "sent after the retry");

        Assert.Single(server.Received);
        Assert.Equal(1, (await MessageAsync(app, id)).Attempts);
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == $"mail:{id}"));
        Assert.Equal(("mail.retried", "admin@test"), (audit.Action, audit.Actor));
    }

    [Fact]
    public async Task A_message_the_server_defers_451_is_retried_with_backoff_until_the_last_attempt_then_failed_with_the_answer()
    {
        var port = SmtpTestServer.FreePort();
        var clock = new FakeTimeProvider(Start);
        await using var server = await SmtpTestServer.StartAsync(port);
        server.Refusal = new SmtpResponse((SmtpReplyCode)451, "Try again later, says the test");
        await using var app = new LoyaltyAppFactory(settings: Smtp(port, maxAttempts: 3), clock: clock);

        var id = await QueueAsync(app, "deferred@example.com", "Deferred");
        await EventuallyAsync(async () => await MessageAsync(app, id) is { Attempts: 1, Status: OutboxStatus.Queued }, "the first attempt deferred");
        var deferred = await MessageAsync(app, id);
        Assert.Equal((OutboxStatus.Queued, Start + TimeSpan.FromSeconds(30)), (deferred.Status, deferred.NextAttemptAt));
        Assert.Contains("451", deferred.LastError);

        await EventuallyAsync(async () => (await MessageAsync(app, id)).Status == OutboxStatus.Failed, "failed", clock, TimeSpan.FromSeconds(30));
        var failed = await MessageAsync(app, id);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("Try again later, says the test", failed.LastError);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_send_each_message_once()
    {
        var port = SmtpTestServer.FreePort();
        await using var server = await SmtpTestServer.StartAsync(port);
        await using var first = new LoyaltyAppFactory(settings: Smtp(port));
        _ = first.Services; // migrated and running before the second starts
        var settings = Smtp(port);
        settings["Database:ConnectionString"] = $"Data Source={first.DatabaseFile}";
        await using var second = new LoyaltyAppFactory(settings: settings);
        _ = second.Services;

        // Queued as any instance would, then both dispatchers woken at once: they race for the same rows.
        var now = DateTimeOffset.UtcNow;
        await first.WithDbAsync(db =>
        {
            db.OutboxMessages.AddRange(Enumerable.Range(0, 30).Select(i => new OutboxMessage
            {
                To = $"race-{i}@example.com", Subject = $"Race {i}", HtmlBody = $"<p>{i}</p>", CreatedAt = now, NextAttemptAt = now,
            }));
            return db.SaveChangesAsync();
        });
        first.Services.GetRequiredService<NewMailSignal>().Ring();
        second.Services.GetRequiredService<NewMailSignal>().Ring();

        await EventuallyAsync(() => first.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.Status == OutboxStatus.Sent)), "all 30 sent");

        Assert.Equal(30, server.Received.Count);
        Assert.Equal(30, server.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.True(await first.WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.Attempts == 1)));
    }

    [Fact]
    public async Task A_message_left_sending_by_a_stopped_instance_is_not_resent_but_shown_failed()
    {
        var port = SmtpTestServer.FreePort();
        var clock = new FakeTimeProvider(Start);
        await using var server = await SmtpTestServer.StartAsync(port);
        await using var app = new LoyaltyAppFactory(settings: Smtp(port), clock: clock);
        var id = Guid.CreateVersion7();
        await app.WithDbAsync(db =>
        {
            // Claimed by an instance that stopped before it recorded the result.
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, To = "crash@example.com", Subject = "Crash", HtmlBody = "<p>x</p>", CreatedAt = Start, NextAttemptAt = Start,
                Status = OutboxStatus.Sending, Attempts = 1, LeaseUntil = Start + DeliverDueMail.Lease,
            });
            return db.SaveChangesAsync();
        });

        clock.Advance(DeliverDueMail.Lease + TimeSpan.FromSeconds(1));
        await app.Services.GetRequiredService<DeliverDueMail>().HandleAsync(TestContext.Current.CancellationToken);

        var message = await MessageAsync(app, id);
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(DeliverDueMail.Interrupted, message.LastError);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task A_registration_confirmation_goes_out_over_SMTP_with_an_html_and_a_text_part_naming_the_program()
    {
        var port = SmtpTestServer.FreePort();
        await using var server = await SmtpTestServer.StartAsync(port);
        await using var app = new LoyaltyAppFactory(settings: Smtp(port));
        var email = $"smtp-{Guid.NewGuid():N}@example.com";

        await FormPoster.SubmitAsync(app.CreateBrowserlessClient(), "/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Leyla",
            ["Input.HomeCity"] = "Baku",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });
        await EventuallyAsync(() => Task.FromResult(server.Received.Any(m => m.To.Mailboxes.Any(a => a.Address == email))), "the confirmation received");

        var program = await app.WithDbAsync(db => db.ProgramSettings.Select(p => p.Name).SingleAsync());
        var mail = server.Received.Single(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.Equal("multipart/alternative", mail.Body?.ContentType.MimeType);
        Assert.Contains("Account/ConfirmEmail", mail.HtmlBody);
        Assert.Contains("Account/ConfirmEmail", mail.TextBody);
        Assert.DoesNotContain("<a", mail.TextBody);
        Assert.Contains(program, mail.Subject);
        Assert.Contains(program, mail.TextBody);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal((program, From), (from.Name, from.Address));
        Assert.Equal(OutboxStatus.Sent, await app.WithDbAsync(db => db.OutboxMessages.Where(m => m.To == email).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_smtp_ready_check_says_whether_the_server_answers()
    {
        var port = SmtpTestServer.FreePort();
        var server = await SmtpTestServer.StartAsync(port);
        await using var app = new LoyaltyAppFactory(settings: Smtp(port));
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var up = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);
        await server.DisposeAsync();
        var down = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, up.Entries["smtp"].Status);
        Assert.Equal(HealthStatus.Degraded, down.Entries["smtp"].Status);
        // The outbox absorbs a relay outage: the app stays in its load balancer.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Without_an_smtp_host_mail_stays_queued_and_there_is_no_smtp_check()
    {
        await using var app = new LoyaltyAppFactory();

        var id = await QueueAsync(app, "kept@example.com", "Kept");
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var message = await MessageAsync(app, id);
        Assert.Equal((OutboxStatus.Queued, 0), (message.Status, message.Attempts));
        Assert.EndsWith("\n\nKept", message.TextBody); // after the letterhead's program name
        Assert.DoesNotContain("smtp", report.Entries.Keys);
    }

    [Fact]
    public async Task An_smtp_host_without_a_from_address_stops_the_app_naming_the_setting()
    {
        await using var app = new LoyaltyAppFactory(settings: new Dictionary<string, string?> { ["Mail:Smtp:Host"] = "smtp.example.com" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Mail:Smtp:FromAddress is required when Mail:Smtp:Host is set", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
