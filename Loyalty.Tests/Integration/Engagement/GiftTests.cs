using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Gifting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Engagement;

/// <summary>Members giving points: exactly once, within the limits, never more than they have, and keeping the points' expiry.</summary>
public sealed class GiftTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static (LoyaltyAppFactory App, FakeTimeProvider Clock) Start_()
    {
        var clock = new FakeTimeProvider(Start);
        var app = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
        });
        _ = app.Services;
        return (app, clock);
    }

    private static Task<long> SumAsync(LoyaltyAppFactory app, params long[] members) =>
        app.WithDbAsync(db => db.LedgerEntries.Where(e => members.Contains(e.MemberId)).SumAsync(e => e.Points));

    private static Task<long> LotsAsync(LoyaltyAppFactory app, long member) =>
        app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == member).SumAsync(l => l.Remaining));

    private static async Task<string> RefusedAsync(Func<Task> gift) => Assert.IsType<DomainException>(await Record.ExceptionAsync(gift)).Code;

    [Fact]
    public async Task Two_gifts_racing_for_the_same_points_on_two_instances_let_exactly_one_through_and_the_total_is_unchanged()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (a, aNumber) = await MemberFactory.RegisterAsync(app, "A");
        var (b, bNumber) = await MemberFactory.RegisterAsync(app, "B");
        await MemberFactory.FundAsync(app, sender, 100, at: clock.GetUtcNow());
        await using var other = new LoyaltyAppFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={app.DatabaseFile}", ["Points:MaintenanceIntervalMinutes"] = "0", ["Referrals:SettleIntervalMinutes"] = "0",
        });

        var results = await Task.WhenAll(
            Record.ExceptionAsync(() => app.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, aNumber, 80, "k-a"))).AsTask(),
            Record.ExceptionAsync(() => other.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, bNumber, 80, "k-b"))).AsTask());

        Assert.Single(results, r => r is null);
        Assert.Equal("points.insufficient", Assert.IsType<DomainException>(Assert.Single(results, r => r is not null)).Code);
        Assert.Equal(100, await SumAsync(app, sender, a, b));
        Assert.Equal(20, await SumAsync(app, sender));
        Assert.Equal(20, await LotsAsync(app, sender));
        Assert.Equal(80, await LotsAsync(app, a) + await LotsAsync(app, b));
    }

    [Fact]
    public async Task Gifted_points_keep_their_expiry_in_two_transfer_entries_and_the_recipient_is_notified()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver Gina");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        var soon = Start.AddDays(40);
        var later = Start.AddDays(200);
        await MemberFactory.FundAsync(app, sender, 100, expiresAt: soon, at: clock.GetUtcNow());
        await MemberFactory.FundAsync(app, sender, 100, expiresAt: later, at: clock.GetUtcNow());

        var given = await app.Services.GetRequiredService<GivePoints>().HandleAsync(new GivePointsCommand(sender, number.ToLowerInvariant(), 150, "k-1"));

        Assert.Equal((150L, "Receiver", 50L), (given.Points, given.RecipientName, given.Available));
        var lots = await app.WithDbAsync(db => db.PointsLots.Where(l => l.MemberId == recipient).OrderBy(l => l.ExpiresAt).ToListAsync());
        Assert.Equal<(DateTimeOffset, long)>([(soon, 100L), (later, 50L)], lots.Select(l => (l.ExpiresAt!.Value, l.Remaining)));
        var entries = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Source == LedgerSource.Gift).ToListAsync());
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(LedgerEntryKind.Transfer, e.Kind));
        Assert.Equal(-150, entries.Single(e => e.MemberId == sender).Points);
        Assert.Equal("Gift from Giver Gina", entries.Single(e => e.MemberId == recipient).Reason);
        var notice = await app.WithDbAsync(db => db.Notifications.SingleAsync(n => n.MemberId == recipient && n.Kind == NotificationKind.GiftReceived));
        Assert.Equal($"gift:{given.GiftId}", notice.SubjectKey);
        Assert.Contains("\"from\":\"Giver Gina\"", notice.Arguments);
    }

    [Fact]
    public async Task The_same_key_twice_is_one_gift_and_the_same_answer()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 100, at: clock.GetUtcNow());
        var give = app.Services.GetRequiredService<GivePoints>();

        var first = await give.HandleAsync(new GivePointsCommand(sender, number, 30, "double-click"));
        var second = await give.HandleAsync(new GivePointsCommand(sender, number, 30, "double-click"));

        Assert.Equal(first, second);
        Assert.Equal(30, await SumAsync(app, recipient));
    }

    [Fact]
    public async Task Gifts_over_the_daily_or_monthly_limit_to_oneself_to_nobody_over_the_balance_or_while_switched_off_are_refused()
    {
        var (app, clock) = Start_();
        await using var owned = app;
        var (sender, senderNumber) = await MemberFactory.RegisterAsync(app, "Giver");
        var (recipient, number) = await MemberFactory.RegisterAsync(app, "Receiver");
        await MemberFactory.FundAsync(app, sender, 1000, at: clock.GetUtcNow());
        var terms = app.Services.GetRequiredService<ManageGiftTerms>();
        await terms.SaveAsync(new GiftTermsForm { Enabled = true, DailyLimit = 100, MonthlyLimit = 150 }, "tests");
        var give = app.Services.GetRequiredService<GivePoints>();
        Task Give(long points, string to) => give.HandleAsync(new GivePointsCommand(sender, to, points, Guid.NewGuid().ToString("N")));

        await Give(100, number);
        Assert.Equal("gift.daily-limit", await RefusedAsync(() => Give(1, number)));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("gift.monthly-limit", await RefusedAsync(() => Give(60, number)));
        await Give(50, number);
        Assert.Equal("gift.self", await RefusedAsync(() => Give(1, senderNumber)));
        Assert.Equal("gift.recipient-unknown", await RefusedAsync(() => Give(1, "LY-999999")));
        await terms.SaveAsync(new GiftTermsForm { Enabled = true, DailyLimit = 5000, MonthlyLimit = 20000 }, "tests");
        Assert.Equal("points.insufficient", await RefusedAsync(() => Give(851, number)));
        await terms.SaveAsync(new GiftTermsForm { Enabled = false, DailyLimit = 5000, MonthlyLimit = 20000 }, "tests");
        Assert.Equal("gift.off", await RefusedAsync(() => Give(1, number)));

        Assert.Equal(150, await SumAsync(app, recipient));
        Assert.Equal(850, await SumAsync(app, sender));
    }

    [Fact]
    public async Task The_recipient_is_found_by_e_mail_in_any_letter_case_and_shown_by_display_name()
    {
        var (app, _) = Start_();
        await using var owned = app;
        var friend = await ReferralTests.RegisterAsync(app, email: $"Pat.{Guid.NewGuid():N}@Example.com", name: "Pat");
        var (sender, _) = await MemberFactory.RegisterAsync(app, "Giver");

        var found = await app.Services.GetRequiredService<FindGiftRecipient>().HandleAsync(sender, friend.Email.ToUpperInvariant());

        Assert.Equal((friend.Id, friend.Number, "Pat"), (found.MemberId, found.MemberNumber, found.DisplayName));
    }
}
