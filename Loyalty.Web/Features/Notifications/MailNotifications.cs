using System.Net;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Features.Notifications;

/// <summary>
/// Hands notifications whose e-mail is due to the outbox, each in its member's language (the one they last picked; the program's
/// default before that), with a link to the page it is about and a one-click unsubscribe for its kind (RFC 8058 headers and a
/// visible link). Run by <c>Jobs/NotificationMailer</c>.
/// </summary>
/// <remarks>
/// Once: a notification is claimed (Pending → Queued by a conditional update) in the transaction that adds its outbox row,
/// so of two instances only one mails it, and a failure leaves it Pending for the next pass. The member's choice is read
/// again when it is due: an e-mail turned off meanwhile is skipped, and so is a promotional one without marketing consent.
/// </remarks>
public sealed class MailNotifications(IDbContextFactory<LoyaltyDbContext> dbFactory, IStringLocalizer<SharedResource> l,
    MailFrame frame, PublicUrls urls, UnsubscribeTokens tokens, NewMailSignal outboxSignal, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AppOptions> app)
{
    public const int BatchSize = 50;

    /// <returns>How many due notifications this pass took up.</returns>
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Notifications.AsNoTracking().Where(n => n.Mail == NotificationMail.Pending).OrderBy(n => n.Id).Take(BatchSize)
            .Join(db.Members, n => n.MemberId, m => m.Id, (n, m) => new { n, m.UserId, m.MarketingConsent })
            .ToListAsync(ct);
        if (due.Count == 0) return 0;
        var memberIds = due.Select(d => d.n.MemberId).Distinct().ToList();
        var userIds = due.Select(d => d.UserId).Where(u => u != null).Distinct().ToList();
        var addresses = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        var languages = await db.MemberLanguages.AsNoTracking().Where(x => memberIds.Contains(x.MemberId)).ToDictionaryAsync(x => x.MemberId, x => x.Culture, ct);
        var chosen = await ChooseNotificationChannels.ChosenAsync(db, memberIds, ct);
        var now = clock.GetUtcNow();
        var queued = false;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var d in due)
        {
            var n = d.n;
            var address = d.UserId is null ? null : addresses.GetValueOrDefault(d.UserId);
            var wanted = NotificationDefaults.Resolve(n.Kind, chosen.GetValueOrDefault(n.MemberId) ?? []).HasFlag(NotificationChannels.Email)
                && !string.IsNullOrWhiteSpace(address) && (d.MarketingConsent || !NotificationDefaults.IsMarketing(n.Kind));
            var next = wanted ? NotificationMail.Queued : NotificationMail.Skipped;
            var claimed = await db.Notifications.Where(x => x.Id == n.Id && x.Mail == NotificationMail.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Mail, next), ct);
            if (claimed != 1 || !wanted) continue;
            db.OutboxMessages.Add(await ComposeAsync(n, address!, languages.GetValueOrDefault(n.MemberId), now, ct));
            queued = true;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (queued) outboxSignal.Ring();
        return due.Count;
    }

    private async Task<OutboxMessage> ComposeAsync(Notification n, string to, string? language, DateTimeOffset now, CancellationToken ct)
    {
        using var inTheirLanguage = MailCulture.Use(language, app.Value.DefaultLanguage);
        var text = NotificationText.Render(l, n.Kind, n.Arguments);
        var open = Link(NotificationText.LinkOf(n.Kind));
        var unsubscribe = Link($"unsubscribe/{tokens.For(n.MemberId, n.Kind)}");
        var kindName = l[$"Notifications.Kind.{n.Kind}"].Value;
        var body = $"<p>{WebUtility.HtmlEncode(text)}</p>" +
            $"<p><a href=\"{WebUtility.HtmlEncode(open)}\">{WebUtility.HtmlEncode(l["Notifications.Mail.Open"])}</a></p>" +
            $"<p style=\"font-size:12px;color:#666\">{WebUtility.HtmlEncode(l["Notifications.Mail.Why", kindName])} " +
            $"<a href=\"{WebUtility.HtmlEncode(unsubscribe)}\">{WebUtility.HtmlEncode(l["Notifications.Mail.Unsubscribe"])}</a></p>";
        var (html, plain) = await frame.WrapAsync(body, MailText.FromHtml(body), ct);
        return new OutboxMessage
        {
            To = to,
            Subject = text.Length <= 200 ? text : text[..199] + "…",
            HtmlBody = html,
            TextBody = plain,
            Headers = MailHeaders.Write(MailHeaders.OneClickUnsubscribe(unsubscribe)),
            CreatedAt = now,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
        };
    }

    // Background work has no request: links need the public base URL (required outside Development).
    private string Link(string relative) => urls.Absolute(relative) ?? "http://localhost/" + relative;
}
