using System.Globalization;
using Loyalty.Tests.Integration.Tournaments;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Notifications;
using Loyalty.Web.Features.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static Loyalty.Tests.Integration.Notifications.NotificationTestKit;

namespace Loyalty.Tests.Integration.Notifications;

/// <summary>"Overtaken in a tournament" reaches the inbox: queued by the broadcaster's tick, written by a background writer, once a day per tournament.</summary>
public sealed class OvertakenNotificationTests
{
    private static async Task<Notification> OvertakenOfAsync(LoyaltyAppFactory app, long memberId)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var found = await app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.MemberId == memberId && n.Kind == NotificationKind.Overtaken).ToListAsync());
            if (found.Count > 0) return Assert.Single(found);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "no overtaken notification was stored within 15 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_member_passed_on_a_live_board_finds_who_passed_them_their_new_rank_and_the_tournament_in_the_inbox()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var tournament = await TournamentTestKit.CreateLiveAsync(app, name: "Spring Sprint");
        var api = await ApiClient.CreateAsync(app);
        var (leaderId, leader) = await MemberFactory.RegisterAsync(app, "Early Elif");
        var (rivalId, rival) = await MemberFactory.RegisterAsync(app, "Rival Rustam");
        await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament); // in memory now (the clock loads it within its interval)

        await TournamentTestKit.PurchaseAsync(api, leader, 10.00m);
        await TournamentTestKit.PurchaseAsync(api, rival, 40.00m); // passes Elif

        var told = await OvertakenOfAsync(app, leaderId);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"overtaken:{tournament}:{today}", told.SubjectKey);
        Assert.True(told.InApp);
        Assert.Equal(NotificationMail.None, told.Mail); // in the app only by default
        using (new CultureScope("en"))
            Assert.Equal("Rival Rustam overtook you in Spring Sprint: you are now #2.", NotificationText.Render(Localizer(app), told.Kind, told.Arguments));
        Assert.Empty(await app.WithDbAsync(db => db.Notifications.Where(n => n.MemberId == rivalId && n.Kind == NotificationKind.Overtaken).ToListAsync()));

        await TournamentTestKit.PurchaseAsync(api, leader, 100.00m); // Elif passes Rustam back
        Assert.Contains("\"by\":\"Early Elif\"", (await OvertakenOfAsync(app, rivalId)).Arguments);
    }

    [Fact]
    public async Task A_card_only_member_without_a_login_is_not_told_and_a_member_with_one_is()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var tournament = await TournamentTestKit.CreateLiveAsync(app, name: "Card Cup");
        var api = await ApiClient.CreateAsync(app);
        var (cardId, card) = await app.WithDbAsync(async db =>
        {
            var member = new Loyalty.Domain.Members.Member(null, "Card Only Kamal", "Baku", await db.Tiers.OrderBy(t => t.Threshold).Select(t => t.Id).FirstAsync(),
                DateTimeOffset.UtcNow.AddDays(-1));
            db.Members.Add(member);
            await db.SaveChangesAsync();
            member.AssignNumber();
            await db.SaveChangesAsync();
            return (member.Id, member.MemberNumber!);
        });
        var (signedUpId, signedUp) = await MemberFactory.RegisterAsync(app, "Signed Up Sona");
        var (_, rival) = await MemberFactory.RegisterAsync(app, "Rival Rustam");
        await app.Services.GetRequiredService<LeaderboardRegistry>().GetAsync(tournament);

        await TournamentTestKit.PurchaseAsync(api, card, 20.00m);
        await TournamentTestKit.PurchaseAsync(api, signedUp, 10.00m);
        await TournamentTestKit.PurchaseAsync(api, rival, 90.00m); // passes both

        Assert.Contains("\"by\":\"Rival Rustam\"", (await OvertakenOfAsync(app, signedUpId)).Arguments);
        Assert.Empty(await app.WithDbAsync(db => db.Notifications.Where(n => n.MemberId == cardId && n.Kind == NotificationKind.Overtaken).ToListAsync())); // queued in the same tick as Sona's, or never
    }

    [Fact]
    public async Task A_tournament_that_went_live_after_the_start_and_nobody_watches_still_tells_its_overtakes()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs(new() { ["Tournaments:ClockIntervalSeconds"] = "1" }));
        var tournament = await TournamentTestKit.CreateLiveAsync(app);
        var registry = app.Services.GetRequiredService<LeaderboardRegistry>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (registry.Boards.All(b => b.Info.Id != tournament))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "the tournament clock did not load the new live board");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var api = await ApiClient.CreateAsync(app);
        var (leaderId, leader) = await MemberFactory.RegisterAsync(app, "Quiet Quinn");
        var (_, rival) = await MemberFactory.RegisterAsync(app, "Rival Rustam");

        await TournamentTestKit.PurchaseAsync(api, leader, 10.00m);
        await TournamentTestKit.PurchaseAsync(api, rival, 40.00m);

        Assert.Contains("\"by\":\"Rival Rustam\"", (await OvertakenOfAsync(app, leaderId)).Arguments);
    }

    [Fact]
    public async Task The_writer_stores_the_first_overtake_of_a_members_day_in_a_tournament_and_skips_the_rest_even_when_two_instances_write_them()
    {
        await using var app = new LoyaltyAppFactory(demo: true, settings: ManualJobs());
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var notify = app.Services.GetRequiredService<NotifyOvertakes>();
        var day = new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
        OvertakeNotice Passed(int tournament, string by, int rank, DateTimeOffset at) => new(memberId, tournament, $"Race {tournament}", by, rank, at);
        var busyBoard = new[]
        {
            Passed(1, "First", 2, day), Passed(1, "Second", 3, day.AddHours(1)), Passed(2, "Elsewhere", 5, day.AddHours(2)),
            Passed(1, "Third", 4, day.AddHours(14)), // 23:00 UTC: still that day
            Passed(1, "Next day", 2, day.AddHours(16)),
        };

        var added = await Task.WhenAll(notify.HandleAsync(busyBoard), notify.HandleAsync(busyBoard));
        Assert.Equal(0, await notify.HandleAsync(busyBoard));

        Assert.Equal(3, added.Sum());
        var stored = await OfAsync(app, memberId);
        Assert.Equal(["overtaken:1:2026-05-04", "overtaken:1:2026-05-05", "overtaken:2:2026-05-04"], stored.Select(n => n.SubjectKey).Order());
        Assert.Contains("\"by\":\"First\"", stored.Single(n => n.SubjectKey == "overtaken:1:2026-05-04").Arguments);
    }

    [Fact]
    public void The_ticks_queue_is_bounded_and_refuses_rather_than_waits_when_full()
    {
        var notify = new NotifyOvertakes(null!, null!, NullLogger<NotifyOvertakes>.Instance);
        var notice = new OvertakeNotice(1, 1, "Race", "Someone", 2, DateTimeOffset.UnixEpoch);

        for (var i = 0; i < NotifyOvertakes.QueueCapacity; i++) Assert.True(notify.Enqueue(notice));

        Assert.False(notify.Enqueue(notice)); // returned at once: the tick goes on
        Assert.Equal(NotifyOvertakes.QueueCapacity, notify.Queue.Count);
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer Localizer(LoyaltyAppFactory app) =>
        app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Loyalty.Web.SharedResource>>();
}

/// <summary>Sets the current UI culture for a block (NotificationText renders in it).</summary>
internal sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _was = CultureInfo.CurrentUICulture;

    public CultureScope(string culture) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

    public void Dispose() => CultureInfo.CurrentUICulture = _was;
}
