using Loyalty.Tests.Integration.Mail;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>Preferences route each kind to the inbox, to e-mail, both or nowhere; e-mails go out in the member's language with one-click unsubscribe.</summary>
public sealed class NotificationMailTests
{
    private static async Task<(LoyaltyAppFactory App, long MemberId, string Number)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs(settings));
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        return (app, memberId, number);
    }

    private static Task<List<OutboxMessage>> OutboxAsync(LoyaltyAppFactory app, string to) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.To == to).ToListAsync());

    private static Task<string> EmailOfAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email!).SingleAsync());

    [Fact]
    public async Task Preferences_route_a_kind_to_the_inbox_to_email_to_both_or_nowhere()
    {
        var (app, memberId, number) = await StartAsync();
        await using var _ = app;
        var email = await EmailOfAsync(app, memberId);
        var expected = new List<(bool InApp, int Mails)>();
        foreach (var channels in new[] { NotificationChannels.InApp, NotificationChannels.Email, NotificationChannels.Both, NotificationChannels.Off })
        {
            await ChooseAsync(app, memberId, NotificationKind.PointsEarned, channels);
            await PurchaseAsync(app, number);
            await ProjectAsync(app);
            await MailAsync(app);
            await MailAsync(app); // a second pass mails nothing again
        }

        var stored = await OfAsync(app, memberId);
        Assert.Equal([true, false, true, false], stored.Select(n => n.InApp));
        Assert.Equal([NotificationMail.None, NotificationMail.Queued, NotificationMail.Queued, NotificationMail.None], stored.Select(n => n.Mail));
        Assert.Equal(2, (await OutboxAsync(app, email)).Count);
        Assert.Equal(2, await app.Services.GetRequiredService<CountUnreadNotifications>().HandleAsync(memberId));
    }

    [Fact]
    public async Task The_email_is_written_in_the_language_the_member_picked_last()
    {
        var (app, memberId, number) = await StartAsync();
        await using var _ = app;
        var email = await EmailOfAsync(app, memberId);
        await ChooseAsync(app, memberId, NotificationKind.PointsEarned, NotificationChannels.Both);
        var userId = await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId!).SingleAsync());
        await app.Services.GetRequiredService<RememberLanguage>().HandleAsync(userId, "fa");

        await PurchaseAsync(app, number, 45.00m);
        await ProjectAsync(app);
        await MailAsync(app);

        var mail = Assert.Single(await OutboxAsync(app, email));
        Assert.StartsWith("225 امتیاز گرفتید", mail.Subject);
        Assert.Contains("dir=\"rtl\"", mail.HtmlBody);
        Assert.Contains("لغو اشتراک", mail.HtmlBody);
    }

    [Fact]
    public async Task A_promotional_email_needs_marketing_consent_and_is_skipped_without_it()
    {
        var (app, memberId, _) = await StartAsync();
        await using var __ = app;
        var email = await EmailOfAsync(app, memberId);
        await ChooseAsync(app, memberId, NotificationKind.NewOffer, NotificationChannels.Both);
        var notifier = app.Services.GetRequiredService<Notifier>();
        await using (var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Loyalty.Web.Data.LoyaltyDbContext>>().CreateDbContextAsync())
        {
            await notifier.AddAsync(db, memberId, NotificationKind.NewOffer, "offer:1", new Dictionary<string, string> { ["offer"] = "Double points" }, default);
            await db.SaveChangesAsync();
            db.RunAfterCommit();
        }

        await MailAsync(app);

        Assert.Empty(await OutboxAsync(app, email));
        Assert.Equal(NotificationMail.Skipped, Assert.Single(await OfAsync(app, memberId)).Mail);
    }

    [Fact]
    public async Task The_sent_message_carries_the_one_click_unsubscribe_headers_and_a_visible_link()
    {
        var port = SmtpTestServer.FreePort();
        await using var server = await SmtpTestServer.StartAsync(port);
        var (app, memberId, number) = await StartAsync(MailTestKit.Smtp(port));
        await using var _ = app;
        await ChooseAsync(app, memberId, NotificationKind.PointsEarned, NotificationChannels.Email);

        await PurchaseAsync(app, number);
        await ProjectAsync(app);
        await MailAsync(app);
        await MailTestKit.EventuallyAsync(() => Task.FromResult(!server.Received.IsEmpty), "the notification e-mail sent");

        var mime = Assert.Single(server.Received);
        var unsubscribe = mime.Headers["List-Unsubscribe"] ?? "";
        Assert.Matches("^<https://rewards.example.com/unsubscribe/[^>]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(unsubscribe.Trim('<', '>'), mime.HtmlBody);
    }
}
