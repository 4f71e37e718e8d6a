using System.Net;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>
/// The unsubscribe link works without signing in, turns off only that kind's e-mail, and only for a token the program made;
/// another request saving the same member's choice at the same moment does not make it fail.
/// </summary>
public sealed class UnsubscribeTests
{
    [Fact]
    public async Task A_signed_out_one_click_post_turns_that_kinds_email_off_and_keeps_the_inbox()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var token = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.PointsExpiring);
        var client = app.CreateBrowserlessClient();

        var page = await client.GetAsync($"/unsubscribe/{token}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Points about to expire", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var post = await client.PostAsync($"/unsubscribe/{token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var choices = await app.Services.GetRequiredService<ChooseNotificationChannels>().GetAsync(memberId);
        Assert.Equal(NotificationChannels.InApp, choices.Single(c => c.Kind == NotificationKind.PointsExpiring).Channels);
        Assert.Equal(NotificationChannels.Both, choices.Single(c => c.Kind == NotificationKind.TierUp).Channels);
    }

    [Fact]
    public async Task A_forged_or_altered_token_is_refused_and_changes_nothing()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var real = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.PointsExpiring);
        var client = app.CreateBrowserlessClient();

        foreach (var token in new[] { "forged-token", real[..^4] + (real[^4..] == "AAAA" ? "BBBB" : "AAAA"),
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{memberId}:{(int)NotificationKind.PointsExpiring}")).TrimEnd('=') })
        {
            var post = await client.PostAsync($"/unsubscribe/{token}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        }

        var choices = await app.Services.GetRequiredService<ChooseNotificationChannels>().GetAsync(memberId);
        Assert.Equal(NotificationChannels.Both, choices.Single(c => c.Kind == NotificationKind.PointsExpiring).Channels);
        Assert.Contains("not valid", await (await client.GetAsync("/unsubscribe/forged-token", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_pages_confirm_button_posts_and_comes_back_to_say_it_is_done()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var token = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.TierDowngradeNotice);
        var client = app.CreateBrowserlessClient();

        var post = await client.PostAsync($"/unsubscribe/{token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "1" }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var done = await client.GetStringAsync(post.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Contains("you will no longer get e-mails about", done);
    }

    [Fact]
    public async Task The_one_click_answers_and_its_refusal_are_in_the_language_the_request_asks_for()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var token = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.PointsExpiring);
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fa");
        var oneClick = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });

        var forged = await client.PostAsync("/unsubscribe/forged-token", oneClick(), TestContext.Current.CancellationToken);
        var done = await client.PostAsync($"/unsubscribe/{token}", oneClick(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("این پیوند لغو اشتراک معتبر نیست", await forged.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.StartsWith("انجام شد", await done.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_one_click_unsubscribes_at_once_both_succeed_and_leave_one_choice()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var token = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.PointsExpiring);
        var first = new AnotherRequestFirst(() => app.Services.GetRequiredService<UnsubscribeFromMail>().HandleAsync(token));
        await using var racing = app.WithInterceptor(first);

        var post = await racing.CreateClient().PostAsync($"/unsubscribe/{token}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }), TestContext.Current.CancellationToken);

        Assert.True(first.Landed);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal((NotificationKind.PointsExpiring, NotificationChannels.InApp), Assert.Single(await PreferencesAsync(app, memberId)));
    }

    [Fact]
    public async Task A_preferences_save_that_an_unsubscribe_beat_to_the_row_reads_again_and_its_choice_stands()
    {
        await using var app = new LoyaltyAppFactory(settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var token = app.Services.GetRequiredService<UnsubscribeTokens>().For(memberId, NotificationKind.PointsExpiring);
        var first = new AnotherRequestFirst(() => app.Services.GetRequiredService<UnsubscribeFromMail>().HandleAsync(token));
        await using var racing = app.WithInterceptor(first);

        await racing.Services.GetRequiredService<ChooseNotificationChannels>()
            .SaveAsync(memberId, [new ChannelChoice(NotificationKind.PointsExpiring, NotificationChannels.Off)], TestContext.Current.CancellationToken);

        Assert.True(first.Landed);
        Assert.Equal((NotificationKind.PointsExpiring, NotificationChannels.Off), Assert.Single(await PreferencesAsync(app, memberId)));
    }

    private static async Task<List<(NotificationKind, NotificationChannels)>> PreferencesAsync(LoyaltyAppFactory app, long memberId) =>
        [.. (await app.WithDbAsync(db => db.NotificationPreferences.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()))
            .Select(p => (p.Kind, p.Channels))];

    /// <summary>
    /// Another request (on the other instance) that saves the same member's choice between this one's read and its insert:
    /// it runs to its end right before the first save that adds a preference row.
    /// </summary>
    private sealed class AnotherRequestFirst(Func<Task> other) : SaveChangesInterceptor
    {
        public bool Landed { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (!Landed && eventData.Context!.ChangeTracker.Entries<NotificationPreference>().Any(e => e.State == EntityState.Added))
            {
                Landed = true;
                await other();
            }
            return result;
        }
    }
}
