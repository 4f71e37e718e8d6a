using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>An app without SMTP: its outbox keeps what it is given, so the page shows exactly these rows.</summary>
public sealed class MailAppFactory() : LoyaltyAppFactory();

/// <summary>/admin/mail rendered against the real use cases.</summary>
public sealed class MailAdminPageTests : ComponentTestContext, IClassFixture<MailAppFactory>
{
    private readonly MailAppFactory _app;

    public MailAdminPageTests(MailAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<GetOutbox>());
        Services.AddSingleton(app.Services.GetRequiredService<RetryMail>());
        Services.AddSingleton(app.Services.GetRequiredService<IOptions<SmtpOptions>>());
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    private async Task<Guid> AddAsync(string subject, OutboxStatus status, string? error = null)
    {
        var at = DateTimeOffset.UtcNow;
        var message = new OutboxMessage
        {
            To = "page@example.com", Subject = subject, HtmlBody = "<p>x</p>", CreatedAt = at, NextAttemptAt = at, Status = status,
            Attempts = status == OutboxStatus.Queued ? 0 : 3, LastError = error,
            SentAt = status == OutboxStatus.Sent ? at : null, FailedAt = status == OutboxStatus.Failed ? at : null,
        };
        await _app.WithDbAsync(db => { db.OutboxMessages.Add(message); return db.SaveChangesAsync(); });
        return message.Id;
    }

    [Fact]
    public async Task It_lists_messages_with_their_status_and_error_and_retries_a_failed_one()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await AddAsync($"Sent {tag}", OutboxStatus.Sent);
        var failedId = await AddAsync($"Failed {tag}", OutboxStatus.Failed, "550 Mailbox unavailable");
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var page = Render<MailAdmin>();

        page.WaitForAssertion(() => Assert.Contains($"Failed {tag}", page.Markup), TimeSpan.FromSeconds(10));
        var failedRow = page.FindAll("tr").Single(r => r.TextContent.Contains($"Failed {tag}"));
        var sentRow = page.FindAll("tr").Single(r => r.TextContent.Contains($"Sent {tag}"));
        Assert.Contains("550 Mailbox unavailable", failedRow.TextContent);
        Assert.Contains("Failed", failedRow.TextContent);
        Assert.DoesNotContain(sentRow.QuerySelectorAll("button"), b => b.TextContent.Contains("Retry"));
        Assert.Contains("SMTP is not configured", page.Markup);
        // Phone width: every cell says what it is.
        Assert.All(failedRow.QuerySelectorAll("td").Take(7), td => Assert.False(string.IsNullOrEmpty(td.GetAttribute("data-label"))));

        failedRow.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Retry")).Click();

        page.WaitForAssertion(() =>
        {
            var row = page.FindAll("tr").Single(r => r.TextContent.Contains($"Failed {tag}"));
            Assert.Contains("Queued", row.TextContent);
            Assert.Empty(row.QuerySelectorAll("button"));
        }, TimeSpan.FromSeconds(10));
        var message = await _app.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == failedId));
        Assert.Equal((OutboxStatus.Queued, 0), (message.Status, message.Attempts));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Subject == $"mail:{failedId}" && a.Action == "mail.retried" && a.Actor == "admin@test")));
    }
}
