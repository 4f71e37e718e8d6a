using System.Net;
using System.Net.Http.Json;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>The friend who joined with a code hears of their welcome bonus, in their own words, once.</summary>
public sealed class RefereeWelcomeTests
{
    private static async Task<(long Id, string Number)> RegisterAsync(LoyaltyAppFactory app, string name, string? code = null)
    {
        using var scope = app.Services.CreateScope();
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand($"m-{Guid.NewGuid():N}@example.com", "Str0ng!Passw0rd", name, "Riga", code));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Code)));
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.UserId == user!.Id));
        return (member.Id, member.MemberNumber!);
    }

    [Fact]
    public async Task The_referee_is_told_of_their_welcome_bonus_once_and_the_referrer_of_theirs_each_in_their_own_words()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 2, 12, 0, 0, TimeSpan.Zero));
        await using var app = new LoyaltyAppFactory(demo: true, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Points:MaintenanceIntervalMinutes"] = "0", ["Segments:RefreshIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
            // The mailer would take the welcome's e-mail from Pending to Queued under the assertion below.
            ["Notifications:MailPollSeconds"] = "0", ["Notifications:LedgerPollMilliseconds"] = "0",
        });
        var referrer = await RegisterAsync(app, "Referrer Rana");
        var code = await app.Services.GetRequiredService<GetMyReferrals>().CodeOfAsync(referrer.Id);
        var friend = await RegisterAsync(app, "Friendly Fiona", code);
        var api = await ApiClient.CreateAsync(app);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(friend.Number, 40m, at: clock.GetUtcNow()))).StatusCode);
        clock.Advance(TimeSpan.FromDays(15)); // past the return window
        var settle = app.Services.GetRequiredService<SettleReferrals>();

        Assert.Equal(1, (await settle.HandleAsync()).Rewarded);
        await settle.HandleAsync();

        var referralId = await app.WithDbAsync(db => db.Referrals.Where(r => r.RefereeId == friend.Id).Select(r => r.Id).SingleAsync());
        var welcome = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == friend.Id && n.Kind == NotificationKind.ReferralRewarded));
        var thanks = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == referrer.Id && n.Kind == NotificationKind.ReferralRewarded));
        Assert.Equal($"referral:{referralId}:referee", welcome.SubjectKey);
        Assert.Equal(NotificationMail.Pending, welcome.Mail);
        var l = app.Services.GetRequiredService<IStringLocalizer<Loyalty.Web.SharedResource>>();
        using (new CultureScope("en"))
        {
            Assert.Equal("Welcome bonus: you got 250 points for joining with Referrer Rana’s code.", NotificationText.Render(l, welcome.Kind, welcome.Arguments));
            Assert.Equal("You got 500 points for bringing Friendly Fiona.", NotificationText.Render(l, thanks.Kind, thanks.Arguments));
        }
        using (new CultureScope("fa"))
            Assert.Contains("پاداش خوش‌آمد", NotificationText.Render(l, welcome.Kind, welcome.Arguments));
    }

    [Fact]
    public async Task A_role_without_its_own_text_falls_back_to_the_kinds_text()
    {
        await using var app = new LoyaltyAppFactory();
        var l = app.Services.GetRequiredService<IStringLocalizer<Loyalty.Web.SharedResource>>();

        using (new CultureScope("en"))
            Assert.Equal("You got 5 points for bringing Ann.",
                NotificationText.Render(l, NotificationKind.ReferralRewarded, """{"points":"5","friend":"Ann","role":"stranger"}"""));
    }
}
